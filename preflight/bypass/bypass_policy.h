// The emergency bypass: `.env` flags that turn pre-flight failures into warnings, honoured only
// with an expiry that has not passed and is not too far ahead, and never when forbidden.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/config/environment.h"
#include "preflight/util/diagnostic.h"
#include "preflight/util/timestamp.h"

namespace preflight {

// The variable names teams already use in .env.staging.tests.
inline constexpr std::string_view kBypassFlagNames[] = {
    "EMERGENCY_DEVELOPMENT_MODE", "BYPASS_INFRASTRUCTURE_VALIDATION", "SKIP_CAPACITY_CHECKS",
    "DEVELOPMENT_TEAM_BYPASS"};
inline constexpr std::string_view kBypassExpiryName = "EMERGENCY_BYPASS_EXPIRY";
inline constexpr std::string_view kForbidBypassName = "PREFLIGHT_FORBID_BYPASS";

enum class BypassState {
  kNone,     // no flag set
  kActive,   // honoured: failures become warnings, loudly
  kIgnored,  // requested but refused (expired, no expiry, too far ahead, forbidden)
};

enum class BypassForbidden { kNo, kByCommandLine };

struct BypassDecision {
  BypassState state = BypassState::kNone;
  std::vector<std::string> flags;     // the flags that are set
  std::string expiry;                 // as written, e.g. "2025-09-18"
  std::optional<SysTime> expires_at;  // first instant it no longer holds
  std::string source;                 // where the flags were set: a .env path or "the environment"
  std::string ignored_reason;         // one line, when kIgnored

  // One line: "active until ...", "ignored: expired 2025-09-18, 65 days ago: ...", "none".
  std::string Describe(SysTime now) const;
};

// Malformed values (an expiry that is not a date, a flag that is not a boolean) are errors
// with the file and line that set them: exit 2, not a silent "no bypass".
std::expected<BypassDecision, Diagnostic> DecideBypass(const Environment& environment, int max_days,
                                                       SysTime now, BypassForbidden forbidden);

}  // namespace preflight
