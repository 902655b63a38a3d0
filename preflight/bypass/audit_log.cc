// JSON-lines audit records for honoured bypasses, appended with O_APPEND so concurrent runs
// never interleave within a line.
#include "preflight/bypass/audit_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "preflight/util/atomic_file.h"

namespace preflight {

std::string CurrentActor(const Environment& environment) {
  for (std::string_view name : {"GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILDKITE_BUILD_CREATOR",
                                "CIRCLE_USERNAME", "BUILD_USER_ID", "USER", "LOGNAME"}) {
    if (auto value = environment.process() ? environment.process()(name) : std::nullopt;
        value && !value->empty())
      return *value;
  }
  // No CI or login variable (containers often have none): the account we run as.
  if (const passwd* account = getpwuid(geteuid()); account && account->pw_name)
    return account->pw_name;
  return "unknown";
}

AuditRecord MakeAuditRecord(const BypassDecision& decision, const Environment& environment,
                            SysTime now, std::string command, std::string config_path) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "unknown");
  return {.time = now,
          .actor = CurrentActor(environment),
          .host = host,
          .command = std::move(command),
          .config = std::move(config_path),
          .flags = decision.flags,
          .expiry = decision.expiry,
          .source = decision.source};
}

std::string FormatAuditRecord(const AuditRecord& record) {
  nlohmann::ordered_json line = {{"time", FormatRfc3339(record.time)},
                                 {"event", "emergency_bypass_honoured"},
                                 {"actor", record.actor},
                                 {"host", record.host},
                                 {"command", record.command},
                                 {"config", record.config},
                                 {"flags", record.flags},
                                 {"expiry", record.expiry},
                                 {"source", record.source}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::expected<void, std::string> AppendAuditRecord(const std::string& path,
                                                   const AuditRecord& record) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec)
    return std::unexpected(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  return AppendToFile(path, FormatAuditRecord(record) + "\n");  // never through a symlink
}

}  // namespace preflight
