// The audit trail of honoured emergency bypasses: one JSON line per use, appended, never rewritten.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/bypass/bypass_policy.h"
#include "preflight/config/environment.h"
#include "preflight/util/timestamp.h"

namespace preflight {

struct AuditRecord {
  SysTime time;
  std::string actor;  // who: the CI's actor variable, else $USER
  std::string host;
  std::string command;  // e.g. "check"
  std::string config;   // the config file's path
  std::vector<std::string> flags;
  std::string expiry;
  std::string source;  // where the flags were set
};

// The person behind this run: GITHUB_ACTOR, GITLAB_USER_LOGIN, BUILDKITE_BUILD_CREATOR,
// CIRCLE_USERNAME, BUILD_USER_ID (Jenkins), then USER and LOGNAME; "unknown" if none is set.
std::string CurrentActor(const Environment& environment);

AuditRecord MakeAuditRecord(const BypassDecision& decision, const Environment& environment,
                            SysTime now, std::string command, std::string config_path);

std::string FormatAuditRecord(const AuditRecord& record);  // one JSON line, no newline

// Appends one line to `path`, creating its directory. Errors name the file and the reason.
std::expected<void, std::string> AppendAuditRecord(const std::string& path,
                                                   const AuditRecord& record);

}  // namespace preflight
