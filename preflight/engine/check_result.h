// What a pre-flight found: per-check outcomes and the overall verdict, as every report sees it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "preflight/bypass/bypass_policy.h"
#include "preflight/util/duration.h"

namespace preflight {

// Error categories. Strings, not an enum: they appear verbatim in JSON/JUnit and in user rules.
namespace category {
inline constexpr std::string_view kDnsNxdomain = "dns_nxdomain";
inline constexpr std::string_view kDnsServfail = "dns_servfail";
inline constexpr std::string_view kDnsRefused = "dns_refused";
inline constexpr std::string_view kDnsTimeout = "dns_timeout";
inline constexpr std::string_view kDns = "dns";  // other resolution failures
inline constexpr std::string_view kConnectionRefused = "connection_refused";
inline constexpr std::string_view kConnect = "connect";  // unreachable, reset, other transport
inline constexpr std::string_view kTimeout = "timeout";
inline constexpr std::string_view kTls = "tls";
inline constexpr std::string_view kHttp5xx = "http_5xx";
inline constexpr std::string_view kHttpStatus = "http_status";  // an unexpected non-5xx status
inline constexpr std::string_view kUnhealthy = "unhealthy";     // body did not meet expect_json
inline constexpr std::string_view kStartingUp = "database_starting";  // SQLSTATE 57P03
inline constexpr std::string_view kCapacity = "capacity";             // SQLSTATE 53300
inline constexpr std::string_view kDatabase = "database";             // other server errors
inline constexpr std::string_view kConfig = "config";  // bad password, missing db: not retried
inline constexpr std::string_view kDeadline = "deadline";
inline constexpr std::string_view kCancelled = "cancelled";
}  // namespace category

// Categories a person must fix (exit 2, never retried): credentials, a missing database, a name
// that does not exist.
constexpr bool IsConfigCategory(std::string_view c) {
  return c == category::kConfig || c == category::kDnsNxdomain;
}

struct CheckError {
  std::string category;
  std::string message;  // for a person: what happened, where
};

enum class CheckStatus { kPending, kRunning, kPassed, kFailed, kWarned, kSkipped };
std::string_view ToString(CheckStatus status);

struct CheckResult {
  std::string name;
  std::string type;
  std::string target;                  // redacted: URL, DSN or host list
  std::vector<std::string> endpoints;  // "host:port" (names for dns) it touches, for attribution
  CheckStatus status = CheckStatus::kPending;
  int attempts = 0;
  int probes = 0;
  Duration duration{0};
  std::optional<CheckError> error;  // why it failed; with `ready`, a warning
  std::string detail;  // on success: e.g. resolved addresses, HTTP status, server version
  bool ready = false;  // a probe saw it ready (passed, or warned: capacity elevated, slow)

  // Ready, with or without a warning: its dependents may start.
  bool succeeded() const {
    return status == CheckStatus::kPassed || (status == CheckStatus::kWarned && ready);
  }
};

enum class RunStatus { kPassed, kFailed, kBypassed };
std::string_view ToString(RunStatus status);

struct RunResult {
  RunStatus status = RunStatus::kPassed;
  Duration duration{0};
  BypassDecision bypass;
  std::vector<CheckResult> checks;
  bool interrupted = false;  // SIGINT/SIGTERM or deadline stopped it
  bool cancelled = false;    // SIGINT/SIGTERM (Cancel) stopped it: its report says "interrupted"
};

// A running check's progress, for the live status line.
struct CheckProgress {
  std::string name;
  bool waiting_to_retry = false;  // between attempts
  Duration elapsed{0};            // into the current attempt (or the retry wait)
  Duration budget{0};             // of the current attempt (or the retry wait)
  int attempt = 0;
  int attempts = 0;
};

// 0 passed or bypassed, 2 a required check failed for a config reason, 75 otherwise failed.
int ExitCodeFor(const RunResult& result);

}  // namespace preflight
