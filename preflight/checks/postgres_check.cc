// The postgres check's keys and their validation (libpq parses the DSN); its probe is
// probes/postgres_probe.
#include "preflight/checks/postgres_check.h"

#include "preflight/checks/burst_probe.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cctype>
#include <charconv>

#include "preflight/probes/postgres_probe.h"

namespace preflight {

void ValidatePostgresDsn(TableReader& reader, std::string_view key, const std::string& dsn,
                         Redactor& redactor) {
  if (dsn.empty()) {
    reader.Error(key, fmt::format("`{}` is empty", key),
                 "if it comes from ${VAR}, check that VAR is set");
    return;
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options == nullptr) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
      message.pop_back();
    reader.Error(key,
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

namespace {

// "70%" → 0.70; an error names the key.
std::optional<double> Percentage(TableReader& reader, std::string_view key) {
  auto text = reader.RawString(key);
  if (!text) return std::nullopt;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [rest, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || std::string_view(rest, end) != "%" || value <= 0 || value > 100) {
    reader.Error(key, fmt::format("`{}` is \"{}\", not a percentage", key, *text),
                 fmt::format("{} = \"{}\" (of the connections left after the reserved ones)", key,
                             key == "elevated_at" ? "70%" : "90%"));
    return std::nullopt;
  }
  return value / 100;
}

// planned_connections, or the pool the app's own settings say it opens.
void ReadPlannedConnections(TableReader& reader, PostgresCheck& check) {
  if (reader.Has("planned_connections")) {
    check.planned_connections = reader.Integer("planned_connections", 1, 100000);
    check.planned_from = "planned_connections";
    return;
  }
  auto pool = reader.source().expand("${DATABASE_POOL_SIZE}");
  auto overflow = reader.source().expand("${DATABASE_MAX_OVERFLOW}");
  if (!pool || !overflow) return;
  int size = 0, extra = 0;
  auto number = [](const std::string& text, int& out) {
    auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && rest == text.data() + text.size() && out >= 0;
  };
  if (!number(*pool, size) || !number(*overflow, extra) || size + extra < 1) {
    reader.Error("dsn",
                 fmt::format("DATABASE_POOL_SIZE ({}) and DATABASE_MAX_OVERFLOW ({}) are not "
                             "connection counts",
                             *pool, *overflow),
                 "fix them in the env files, or set planned_connections = N in this check");
    return;
  }
  check.planned_connections = size + extra;
  check.planned_from = fmt::format("DATABASE_POOL_SIZE {} + DATABASE_MAX_OVERFLOW {}", size, extra);
}

}  // namespace

void PostgresCheck::Parse(TableReader& reader, Redactor& redactor) {
  reader.Require("dsn", "dsn = \"${DATABASE_URL}\"");
  if (auto value = reader.String("dsn")) {
    ValidatePostgresDsn(reader, "dsn", *value, redactor);
    dsn = std::move(*value);
  }
  if (auto value = reader.DurationValue("warmup")) warmup = *value;
  if (auto kind = reader.RawString("probe")) {
    if (*kind == "ping") {
      probe = PostgresProbe::kPing;
      if (reader.Has("query"))
        reader.Error("query", "`query` has no effect with probe = \"ping\" (ping does not log in)",
                     "remove `query`, or remove probe = \"ping\" to run the query");
    } else if (*kind != "query") {
      reader.Error("probe", fmt::format("unknown probe \"{}\"", *kind),
                   "probe = \"query\" (connect and run `query`, the default) or \"ping\" "
                   "(accepting connections, no login needed)");
    }
  }
  if (auto text = reader.String("query")) {
    if (text->find_first_not_of(" \t\n") == std::string::npos)
      reader.Error("query", "`query` is empty", "query = \"SELECT 1\"");
    else
      query = std::move(*text);
  }
  ReadPlannedConnections(reader, *this);
  if (auto value = Percentage(reader, "elevated_at")) elevated_at = *value;
  if (auto value = Percentage(reader, "critical_at")) critical_at = *value;
  if (elevated_at >= critical_at)
    reader.Error(reader.Has("elevated_at") ? "elevated_at" : "critical_at",
                 fmt::format("elevated_at ({:.0f}%) must be below critical_at ({:.0f}%)",
                             elevated_at * 100, critical_at * 100),
                 "elevated_at = \"70%\", critical_at = \"90%\"");
  if (planned_connections && probe == PostgresProbe::kPing && reader.Has("planned_connections"))
    reader.Error("planned_connections",
                 "the capacity check needs to log in, and probe = \"ping\" does not",
                 "remove probe = \"ping\", or remove planned_connections");
  if (probe == PostgresProbe::kPing) planned_connections.reset();
  burst.Parse(reader);
}

std::string PostgresCheck::Describe() const {
  std::string out = fmt::format("{}, warmup {}", dsn, FormatDuration(warmup));
  out += probe == PostgresProbe::kPing ? ", ping (no login)" : fmt::format(", query \"{}\"", query);
  if (planned_connections)
    out +=
        fmt::format(", capacity for {} connections ({}; elevated at {:.0f}%, critical at {:.0f}%)",
                    *planned_connections, planned_from, elevated_at * 100, critical_at * 100);
  return out;
}

std::vector<std::string> PostgresCheck::Endpoints() const {
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), nullptr);
  if (options == nullptr) return {};
  std::string hosts, ports;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (o->val == nullptr) continue;
    if (std::string_view(o->keyword) == "host") hosts = o->val;
    if (std::string_view(o->keyword) == "hostaddr" && hosts.empty()) hosts = o->val;
    if (std::string_view(o->keyword) == "port") ports = o->val;
  }
  PQconninfoFree(options);
  // Several hosts (and ports) are comma-separated; a Unix socket directory names no endpoint.
  std::vector<std::string> endpoints;
  size_t host_at = 0, port_at = 0;
  while (host_at <= hosts.size() && !hosts.empty()) {
    size_t host_end = hosts.find(',', host_at);
    if (host_end == std::string::npos) host_end = hosts.size();
    size_t port_end = ports.find(',', port_at);
    if (port_end == std::string::npos) port_end = ports.size();
    const std::string host = hosts.substr(host_at, host_end - host_at);
    std::string port = port_at < ports.size() ? ports.substr(port_at, port_end - port_at) : "";
    if (port.empty()) port = "5432";
    if (!host.empty() && !host.starts_with('/')) endpoints.push_back(JoinHostPort(host, port));
    host_at = host_end + 1;
    if (port_end < ports.size()) port_at = port_end + 1;
  }
  return endpoints;
}

std::unique_ptr<Probe> MakeProbe(const PostgresCheck& check, const ProbeContext& context) {
  // The burst's connections log in and query, as the suite's pool will, and stay open until the
  // whole burst has answered: N connections at once, not N in turn. No capacity query each.
  auto one = std::make_shared<PostgresCheck>(check);
  one->planned_connections.reset();
  one->capacity_skipped.clear();
  return WithBurst(
      MakePostgresProbe(context.loop, context.scheduler, check),
      [one, loop = context.loop, &scheduler = context.scheduler] {
        return MakePostgresProbe(loop, scheduler, *one, ReadyConnection::kHold);
      },
      check.burst, context.scheduler);
}

}  // namespace preflight
