// The postgres check's keys and their validation (libpq parses the DSN); its probe is
// probes/postgres_probe.
#include "preflight/checks/postgres_check.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cctype>

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
}

std::string PostgresCheck::Describe() const {
  std::string out = fmt::format("{}, warmup {}", dsn, FormatDuration(warmup));
  return out + (probe == PostgresProbe::kPing ? ", ping (no login)"
                                              : fmt::format(", query \"{}\"", query));
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
  return MakePostgresProbe(context.loop, context.scheduler, check);
}

}  // namespace preflight
