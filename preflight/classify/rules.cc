// The built-in rule set and the TOML reader for user rules.
#include "preflight/classify/rules.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "preflight/util/table_reader.h"
#include "preflight/util/text_file.h"

namespace preflight {

std::string_view ToString(FailureKind kind) {
  return kind == FailureKind::kInfra ? "infra" : "code";
}

const std::vector<Rule>& BuiltinRules() {
  using K = FailureKind;
  static const std::vector<Rule> kRules = {
      // Code: proof that the request reached a working dependency and the test's input was wrong.
      {"postgres.sql_error",
       "database_query",
       K::kCode,
       {R"(\b(42601|42P01|42703|42883|23505|23503|23502|23514|22P02|22003|22001)\b)",
        // Quotes may arrive escaped (\") when GoogleTest prints a string value.
        R"(syntax error at or near \\?")",
        R"(violates (unique|foreign key|not-null|check) constraint)",
        R"(relation \\?"[^"\\]+\\?" does not exist)",
        R"(column \\?"[^"\\]+\\?" (of relation \\?"[^"\\]+\\?" )?does not exist)",
        R"(invalid input syntax for type)"}},
      {"http.4xx",
       "http_4xx",
       K::kCode,
       {R"(HTTP/\d(\.\d)? 4\d\d\b)", R"(\b(status|status code|response code|HTTP)[ =:]+4\d\d\b)",
        R"(The requested URL returned error: 4\d\d)"}},
      // Infrastructure.
      {"explicit.scope", "", K::kInfra, {R"(\[preflight:infra:([a-z0-9_]+)\])"}},
      {"postgres.capacity",
       "capacity",
       K::kInfra,
       {R"(\b53300\b)", R"(sorry, too many clients already)",
        R"(remaining connection slots are reserved)", R"(\b53(100|200|400)\b)"}},
      {"pool.exhausted",
       "capacity",
       K::kInfra,
       {R"((?i)connection pool (is )?exhausted)", R"(Timeout waiting for connection from pool)",
        R"(QueuePool limit of size \d+)"}},
      {"postgres.connection",
       "database",
       K::kInfra,
       {R"(connection to server (at|on socket) .* failed)", R"(could not connect to server)",
        R"(the database system is (starting up|shutting down|in recovery mode|not yet accepting connections))",
        R"(server closed the connection unexpectedly)",
        R"(terminating connection due to administrator command)",
        R"(\b(08000|08003|08006|08001|08004|57P01|57P02|57P03|57P04)\b)"}},
      {"dns.resolution",
       "dns",
       K::kInfra,
       {R"(Could not resolve host: \S+)", R"(could not translate host name "[^"]*" to address)",
        R"(Temporary failure in name resolution)", R"(Name or service not known)",
        R"(No address associated with hostname)", R"(Domain name not found)",
        R"(getaddrinfo(\(\))?( failed)?: )", R"(\bNXDOMAIN\b)", R"(\bSERVFAIL\b)",
        R"(DNS server returned answer with no data)"}},
      {"tls.handshake",
       "tls",
       K::kInfra,
       {R"(SSL routines:)", R"(SSL certificate problem: )", R"(SSL_connect\b)",
        R"(SSL connect error)", R"(certificate verify failed)", R"(TLS handshake (failed|timeout))",
        R"(wrong version number)"}},
      {"timeout.transport",
       "timeout",
       K::kInfra,
       {R"(Operation timed out after \d+ milliseconds)", R"(Connection timed out)",
        R"(Timeout was reached)", R"(\bDEADLINE_EXCEEDED\b)", R"(context deadline exceeded)",
        R"(timeout expired)", R"(Resolving timed out after \d+ milliseconds)"}},
      {"connect.errno",
       "connect",
       K::kInfra,
       {R"(Connection refused)", R"(Connection reset by peer)", R"(Network is unreachable)",
        R"(No route to host)", R"(Broken pipe)", R"(Couldn't connect to server)",
        R"(Failed to connect to \S+ port \d+)", R"(Empty reply from server)", R"(Recv failure: )",
        R"(Send failure: )", R"(\bECONNREFUSED\b)", R"(\bECONNRESET\b)", R"(\bUNAVAILABLE\b: )",
        R"(StatusCode\.UNAVAILABLE)", R"(upstream connect error)", R"(no healthy upstream)"}},
      {"http.5xx",
       "http_5xx",
       K::kInfra,
       {R"(HTTP/\d(\.\d)? 50[234]\b)",
        R"(\b50[234] (Bad Gateway|Service Unavailable|Gateway Time-?out)\b)", R"(<title>50[234]\b)",
        R"(\b(status|status code|response code|HTTP)[ =:]+50[234]\b)",
        R"(The requested URL returned error: 50[234])"}},
  };
  return kRules;
}

std::expected<std::vector<Rule>, Diagnostics> LoadRules(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text)
    return std::unexpected(Diagnostics{{{path, 0, 0}, text.error(), "pass --rules FILE", ""}});
  ConfigSource source{.path = path, .text = *text};
  source.expand = [](std::string_view s) -> std::expected<std::string, std::string> {
    return std::string(s);
  };
  toml::table root;
  try {
    root = toml::parse(source.text, std::string_view{path});
  } catch (const toml::parse_error& error) {
    source.Error(error.source(), fmt::format("invalid TOML: {}", error.description()));
    return std::unexpected(std::move(source.diagnostics));
  }
  TableReader top(source, root, "the rules file", {"rule"});
  top.RejectUnknownKeys();
  std::vector<Rule> rules;
  const toml::node* list = root.get("rule");
  const toml::array* array = list ? list->as_array() : nullptr;
  if (list && (!array || !array->is_array_of_tables())) {
    top.Error("rule", "`rule` must be an array of tables", "write each rule as [[rule]]");
  }
  for (size_t i = 0; array && array->is_array_of_tables() && i < array->size(); ++i) {
    const toml::table& table = *array->get(i)->as_table();
    TableReader reader(source, table, fmt::format("[[rule]] #{}", i + 1),
                       {"name", "category", "kind", "patterns", "applies_to"});
    reader.RejectUnknownKeys();
    Rule rule;
    reader.Require("name", "name = \"my_service.down\"");
    reader.Require("category", "category = \"connect\"");
    reader.Require("patterns", "patterns = [\"my-service unavailable\"]");
    if (auto name = reader.RawString("name")) rule.name = "user." + *name;
    if (auto category = reader.RawString("category")) rule.category = *category;
    if (auto kind = reader.RawString("kind")) {
      if (*kind == "code")
        rule.kind = FailureKind::kCode;
      else if (*kind != "infra")
        reader.Error("kind", fmt::format("unknown kind \"{}\"", *kind),
                     "kind = \"infra\" or \"code\"");
    }
    if (auto patterns = reader.StringArray("patterns")) {
      for (const auto& pattern : *patterns) {
        RE2::Options options;
        options.set_log_errors(false);
        RE2 compiled(pattern, options);
        if (!compiled.ok())
          reader.Error("patterns",
                       fmt::format("invalid pattern \"{}\": {}", pattern, compiled.error()),
                       "patterns use RE2 syntax: https://github.com/google/re2/wiki/Syntax");
      }
      if (patterns->empty()) reader.Error("patterns", "`patterns` is empty");
      rule.patterns = std::move(*patterns);
    }
    if (auto where = reader.StringArray("applies_to")) {
      for (const auto& w : *where) {
        if (w == "message")
          rule.applies_to.push_back(TextKind::kMessage);
        else if (w == "exception")
          rule.applies_to.push_back(TextKind::kException);
        else if (w == "trace")
          rule.applies_to.push_back(TextKind::kTrace);
        else
          reader.Error("applies_to", fmt::format("unknown place \"{}\"", w),
                       "use \"message\", \"exception\", \"trace\"");
      }
    }
    rules.push_back(std::move(rule));
  }
  if (!source.diagnostics.empty()) return std::unexpected(std::move(source.diagnostics));
  return rules;
}

}  // namespace preflight
