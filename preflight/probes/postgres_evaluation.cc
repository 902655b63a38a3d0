// SQLSTATE classes mapped to retryable infrastructure states or configuration errors; which
// host name of a DSN needs resolving.
#include "preflight/probes/postgres_evaluation.h"

#include "preflight/classify/classifier.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <cctype>

namespace preflight {

std::string ExtractSqlState(std::string_view message) {
  for (std::string_view severity : {"FATAL:", "ERROR:", "PANIC:"}) {
    size_t at = message.find(severity);
    if (at == std::string_view::npos) continue;
    size_t i = at + severity.size();
    while (i < message.size() && message[i] == ' ') ++i;
    if (i + 6 > message.size() || message[i + 5] != ':') continue;
    std::string_view code = message.substr(i, 5);
    bool valid = true;
    for (char c : code)
      valid &= std::isdigit(static_cast<unsigned char>(c)) ||
               std::isupper(static_cast<unsigned char>(c));
    if (valid) return std::string(code);
  }
  return {};
}

std::string TidyPgMessage(std::string_view message) {
  std::string out;
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(start, end - start);
    if (!line.starts_with("LOCATION:") && !line.empty()) {
      if (!out.empty()) out += "; ";  // libpq's lines are sentences of their own
      while (!line.empty() && (line.front() == '\t' || line.front() == ' ')) line.remove_prefix(1);
      out += line;
    }
    start = end + 1;
  }
  return out;
}

ProbeOutcome EvaluatePgFailure(PostgresProbe probe, PgPhase phase, std::string_view sqlstate,
                               std::string message) {
  auto outcome = [&](std::string_view category, bool retryable) {
    return ProbeOutcome{.error = CheckError{std::string(category), message},
                        .retryable = retryable};
  };
  const bool server_answered =
      !sqlstate.empty() || message.find("no password supplied") != std::string::npos;
  if (probe == PostgresProbe::kPing && phase == PgPhase::kConnect && server_answered &&
      sqlstate != "57P03" && !sqlstate.starts_with("53")) {
    return {.ready = true,
            .detail = fmt::format(
                "accepting connections ({})",
                sqlstate.empty() ? "login not attempted" : "login refused, fine for ping")};
  }
  if (sqlstate == "57P03") return outcome(category::kStartingUp, true);
  if (sqlstate.starts_with("53")) return outcome(category::kCapacity, true);
  if (sqlstate.starts_with("28") || sqlstate == "3D000" ||
      message.find("no password supplied") != std::string::npos)
    return outcome(category::kConfig,
                   false);  // wrong credentials or database: waiting will not help
  if (phase == PgPhase::kQuery && (sqlstate.starts_with("42") || sqlstate.starts_with("22")))
    return outcome(category::kConfig, false);            // the configured query itself is wrong
  if (KindOfErrorText(message) == FailureKind::kConfig)  // TLS names, invalid options
    return outcome(category::kConfig, false);
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57"))
    return outcome(category::kConnect, true);
  if (!sqlstate.empty()) return outcome(category::kDatabase, true);
  if (message.find("Connection refused") != std::string::npos)
    return outcome(category::kConnectionRefused, true);
  if (message.find("could not translate host name") != std::string::npos)
    return outcome(category::kDns, true);
  if (message.find("timeout expired") != std::string::npos)
    return outcome(category::kTimeout, true);
  return outcome(category::kConnect, true);
}

namespace {

bool IsIpAddress(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace

std::string NameToResolve(const std::string& dsn) {
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), nullptr);
  if (options == nullptr) return "";
  std::string host, hostaddr;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (o->val == nullptr) continue;
    if (std::string_view(o->keyword) == "host") host = o->val;
    if (std::string_view(o->keyword) == "hostaddr") hostaddr = o->val;
  }
  PQconninfoFree(options);
  if (host.empty() || !hostaddr.empty() || host.find(',') != std::string::npos ||
      host.starts_with('/') || host.starts_with('@') || IsIpAddress(host))
    return "";
  return host;
}

}  // namespace preflight
