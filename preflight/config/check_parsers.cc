// Parsing and validation of dns, http and postgres check tables.
#include "preflight/config/check_parsers.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <cctype>
#include <memory>

#include "preflight/util/suggest.h"

namespace preflight {
namespace {

constexpr std::string_view kCheckTypes[] = {"dns", "http", "postgres"};
constexpr std::string_view kCommonKeys[] = {"type", "after", "required"};

std::vector<std::string_view> KeysFor(std::initializer_list<std::string_view> specific) {
  std::vector<std::string_view> keys(std::begin(kCommonKeys), std::end(kCommonKeys));
  keys.insert(keys.end(), specific);
  return keys;
}

bool IsValidHostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.back() == '.') host.remove_suffix(1);
  size_t label_start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      std::string_view label = host.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
      label_start = i + 1;
    } else if (!std::isalnum(static_cast<unsigned char>(host[i])) && host[i] != '-' &&
               host[i] != '_') {
      return false;
    }
  }
  return true;
}

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// "IP", "IP:PORT", "[IPv6]" or "[IPv6]:PORT".
bool IsValidServer(std::string_view server) {
  std::string_view host = server;
  std::optional<std::string_view> port;
  if (server.starts_with('[')) {
    size_t close = server.find(']');
    if (close == std::string_view::npos) return false;
    host = server.substr(1, close - 1);
    std::string_view rest = server.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
  } else if (std::count(server.begin(), server.end(), ':') == 1) {
    host = server.substr(0, server.find(':'));
    port = server.substr(server.find(':') + 1);
  }
  if (!IsIpAddress(std::string(host))) return false;
  if (!port) return true;
  if (port->empty() || port->size() > 5 || !std::all_of(port->begin(), port->end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return false;
  const int number = std::stoi(std::string(*port));
  return number >= 1 && number <= 65535;
}

void ParseDns(TableReader& reader, DnsCheck& dns) {
  reader.Require("hosts", "hosts = [\"staging.example.com\"]");
  if (auto hosts = reader.StringArray("hosts")) {
    if (hosts->empty())
      reader.Error("hosts", "`hosts` is empty: a dns check needs at least one name",
                   "hosts = [\"staging.example.com\"]");
    for (const auto& host : *hosts)
      if (!IsValidHostname(host))
        reader.Error("hosts", fmt::format("\"{}\" is not a valid host name", host),
                     "write a bare DNS name, without scheme or port: \"api.staging.example.com\"");
    dns.hosts = std::move(*hosts);
  }
  if (auto servers = reader.StringArray("servers")) {
    for (const auto& server : *servers)
      if (!IsValidServer(server))
        reader.Error("servers", fmt::format("\"{}\" is not a DNS server address", server),
                     "write an IP address with an optional port: \"127.0.0.1:5353\", \"[::1]:53\"");
    dns.servers = std::move(*servers);
  }
  if (auto timeout = reader.DurationValue("timeout")) dns.timeout = *timeout;
}

std::optional<JsonExpectation> ParseExpectation(TableReader& reader, const std::string& pointer,
                                                const toml::node& value) {
  JsonExpectation expectation{.pointer = pointer};
  if (!pointer.empty() && pointer.front() != '/') {
    reader.ErrorAtNode(value, fmt::format("\"{}\" is not a JSON pointer", pointer),
                       fmt::format("JSON pointers start with /: \"/{}\"", pointer));
    return std::nullopt;
  }
  if (auto b = value.as_boolean()) {
    expectation.expected = b->get();
    expectation.as_written = b->get() ? "true" : "false";
  } else if (value.is_integer() || value.is_floating_point()) {
    expectation.expected = value.is_integer() ? static_cast<double>(value.as_integer()->get())
                                              : value.as_floating_point()->get();
    expectation.as_written = fmt::format("{}", std::get<double>(expectation.expected));
  } else if (auto s = value.as_string()) {
    std::string text = s->get();
    expectation.as_written = text;
    static constexpr std::pair<std::string_view, Comparison> kOperators[] = {
        {"<=", Comparison::kLessEqual},
        {">=", Comparison::kGreaterEqual},
        {"<", Comparison::kLess},
        {">", Comparison::kGreater}};
    for (auto [op, comparison] : kOperators) {
      if (!text.starts_with(op)) continue;
      std::string operand = text.substr(op.size());
      operand.erase(0, operand.find_first_not_of(' '));
      char* end = nullptr;
      double number = operand.empty() ? 0 : std::strtod(operand.c_str(), &end);
      if (operand.empty() || end == nullptr || *end != '\0') {
        reader.ErrorAtNode(value, fmt::format("\"{}\": {} needs a number after it", text, op),
                           fmt::format("e.g. \"{} 0.8\"", op));
        return std::nullopt;
      }
      expectation.comparison = comparison;
      expectation.expected = number;
      return expectation;
    }
    expectation.expected = std::move(text);
  } else {
    reader.ErrorAtNode(value,
                       fmt::format("expected value for \"{}\" must be a string, number or "
                                   "boolean, not {}",
                                   pointer, TomlTypeName(value.type())),
                       "e.g. \"/status\" = \"healthy\" or \"/pool\" = \"<= 0.8\"");
    return std::nullopt;
  }
  return expectation;
}

bool IsHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

void ValidateUrl(TableReader& reader, const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  const std::string hint = "write a full URL: \"https://staging.example.com/health\"";
  if (CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK) {
    reader.Error("url", fmt::format("\"{}\" is not a valid URL: {}", url, curl_url_strerror(rc)),
                 hint);
    return;
  }
  char* scheme = nullptr;
  curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0);
  std::string scheme_text = scheme ? scheme : "";
  curl_free(scheme);
  if (scheme_text != "http" && scheme_text != "https")
    reader.Error(
        "url", fmt::format("\"{}\": scheme must be http or https, not {}", url, scheme_text), hint);
}

void ParseHttp(TableReader& reader, HttpCheck& http, Redactor& redactor) {
  reader.Require("url", "url = \"https://staging.example.com/health\"");
  if (auto url = reader.String("url")) {
    ValidateUrl(reader, *url);
    http.url = std::move(*url);
  }
  if (auto warmup = reader.DurationValue("warmup")) http.warmup = *warmup;
  if (const toml::node* node = reader.Node("expect_status")) {
    if (node->is_integer()) {
      reader.ErrorAtNode(*node, "`expect_status` must be an array", "expect_status = [200]");
    } else if (const toml::array* statuses = node->as_array()) {
      for (const toml::node& element : *statuses) {
        auto code = element.value<int64_t>();
        if (!element.is_integer() || *code < 100 || *code > 599) {
          reader.ErrorAtNode(element, "`expect_status` holds HTTP status codes (100..599)",
                             "expect_status = [200, 204]");
          continue;
        }
        http.expect_status.push_back(static_cast<int>(*code));
      }
    } else {
      reader.ErrorAtNode(
          *node,
          fmt::format("`expect_status` must be an array, not {}", TomlTypeName(node->type())),
          "expect_status = [200]");
    }
  }
  if (const toml::table* expectations = reader.Table("expect_json")) {
    for (auto&& [pointer, value] : *expectations)
      if (auto e = ParseExpectation(reader, std::string(pointer.str()), value))
        http.expect_json.push_back(std::move(*e));
  }
  if (const toml::table* headers = reader.Table("headers")) {
    TableReader header_reader(reader.source(), *headers, reader.context() + " headers", {});
    for (auto&& [name, value] : *headers) {
      std::string header(name.str());
      if (!IsHeaderName(header))
        reader.ErrorAtNode(value, fmt::format("\"{}\" is not a valid HTTP header name", header));
      auto text = header_reader.String(header);
      if (!text) continue;
      if (IsSecretName(header) || header == "Cookie" || header.find("Key") != std::string::npos)
        redactor.AddSecret(*text);
      http.headers[header] = std::move(*text);
    }
  }
  if (auto ca_file = reader.String("ca_file")) http.ca_file = std::move(*ca_file);
  if (auto insecure = reader.Bool("insecure")) http.insecure = *insecure;
}

void ValidateDsn(TableReader& reader, const std::string& dsn, Redactor& redactor) {
  if (dsn.empty()) {
    reader.Error("dsn", "`dsn` is empty", "if it comes from ${VAR}, check that VAR is set");
    return;
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options == nullptr) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
      message.pop_back();
    reader.Error("dsn",
                 fmt::format("invalid PostgreSQL DSN {}: {}", redactor.Redact(dsn),
                             redactor.Redact(message)),
                 "write a URI (\"postgres://user@host:5432/db\") or key=value pairs (\"host=db "
                 "dbname=app\")");
    return;
  }
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option)
    if (std::string_view(option->keyword) == "password" && option->val != nullptr)
      redactor.AddSecret(option->val);
  PQconninfoFree(options);
}

void ParsePostgres(TableReader& reader, PostgresCheck& postgres, Redactor& redactor) {
  reader.Require("dsn", "dsn = \"${DATABASE_URL}\"");
  if (auto dsn = reader.String("dsn")) {
    ValidateDsn(reader, *dsn, redactor);
    postgres.dsn = std::move(*dsn);
  }
  if (auto warmup = reader.DurationValue("warmup")) postgres.warmup = *warmup;
  if (auto probe = reader.RawString("probe")) {
    if (*probe == "ping") {
      postgres.probe = PostgresProbe::kPing;
      if (reader.Has("query"))
        reader.Error("query", "`query` has no effect with probe = \"ping\" (ping does not log in)",
                     "remove `query`, or remove probe = \"ping\" to run the query");
    } else if (*probe != "query") {
      reader.Error("probe", fmt::format("unknown probe \"{}\"", *probe),
                   "probe = \"query\" (connect and run `query`, the default) or \"ping\" "
                   "(accepting connections, no login needed)");
    }
  }
  if (auto query = reader.String("query")) {
    if (query->find_first_not_of(" \t\n") == std::string::npos)
      reader.Error("query", "`query` is empty", "query = \"SELECT 1\"");
    else
      postgres.query = std::move(*query);
  }
}

bool IsValidCheckName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

std::optional<Check> ParseCheck(ConfigSource& source, const std::string& name,
                                const toml::node& node, const RetryPolicy& retry,
                                Redactor& redactor) {
  const std::string context = fmt::format("[checks.{}]", name);
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    source.Error(node.source(),
                 fmt::format("checks.{} must be a table, not {}", name, TomlTypeName(node.type())),
                 fmt::format("write it as a table: [checks.{}] with type = \"http\" ...", name));
    return std::nullopt;
  }
  if (!IsValidCheckName(name))
    source.Error(
        node.source(),
        fmt::format("check name \"{}\" has characters other than letters, digits, _ - .", name));

  TableReader type_reader(source, *table, context, {});
  type_reader.Require("type", "type = \"http\" (or \"dns\", \"postgres\")");
  auto type = type_reader.RawString("type");
  if (!type) return std::nullopt;

  Check check{.name = name, .retry = retry, .where = source.Locate(table->source())};
  std::vector<std::string_view> keys;
  if (*type == "dns") {
    keys = KeysFor({"hosts", "servers", "timeout"});
    check.spec = DnsCheck{};
  } else if (*type == "http") {
    keys = KeysFor(
        {"url", "warmup", "expect_status", "expect_json", "headers", "ca_file", "insecure"});
    check.spec = HttpCheck{};
  } else if (*type == "postgres") {
    keys = KeysFor({"dsn", "warmup", "probe", "query"});
    check.spec = PostgresCheck{};
  } else {
    type_reader.Error("type", fmt::format("unknown check type \"{}\"", *type),
                      DidYouMean(*type, kCheckTypes, "the types are dns, http and postgres"));
    return std::nullopt;
  }

  TableReader reader(source, *table, context, std::move(keys));
  if (auto after = reader.StringArray("after")) {
    check.after = std::move(*after);
    check.after_where = source.Locate(reader.Node("after")->source());
  }
  if (auto required = reader.Bool("required")) check.required = *required;
  std::visit(
      [&](auto& spec) {
        using T = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<T, DnsCheck>) ParseDns(reader, spec);
        if constexpr (std::is_same_v<T, HttpCheck>) ParseHttp(reader, spec, redactor);
        if constexpr (std::is_same_v<T, PostgresCheck>) ParsePostgres(reader, spec, redactor);
      },
      check.spec);
  reader.RejectUnknownKeys();
  return check;
}

}  // namespace preflight
