// The resolved pre-flight configuration: what preflight.toml means once it has been validated.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "preflight/checks/check_types.h"
#include "preflight/util/diagnostic.h"
#include "preflight/util/duration.h"

namespace preflight {

using namespace std::chrono_literals;

// Defaults that match how teams run staging pre-flights today.
inline constexpr int kDefaultAttempts = 3;
inline constexpr Duration kDefaultRetryDelay = 30s;
inline constexpr Duration kDeadlineMargin = 5s;  // added to the derived worst case
inline constexpr int kDefaultBypassMaxDays = 14;
// A check's `poll_interval`: the longest wait between two polls of a dependency that is not ready
// yet. At the default, at most 5 requests a second per endpoint, and a dependency that becomes
// ready is seen about 100 ms later on average however long it took (wait-on polls every 250 ms).
inline constexpr Duration kMinPollInterval = 20ms;
inline constexpr Duration kDefaultPollInterval = 200ms;
inline constexpr Duration kLongestPollInterval = 1min;  // the most `poll_interval` may be
inline constexpr std::string_view kDefaultAuditLog = ".preflight/audit.jsonl";

struct RetryPolicy {
  int attempts = kDefaultAttempts;
  Duration delay = kDefaultRetryDelay;  // an upper bound: the real delay is jittered below it
};

struct BypassSettings {
  std::vector<std::string> env_files;  // resolved against the config file's directory
  int max_days = kDefaultBypassMaxDays;
  std::string audit_log;  // resolved; JSON lines appended when a bypass is honoured
};

// [admission]: `preflight run` holds one of `slots` advisory locks on this PostgreSQL while its
// suite runs, so that no more than `slots` runs load staging at once.
inline constexpr Duration kDefaultAdmissionWait = std::chrono::minutes{10};
inline constexpr std::string_view kDefaultAdmissionNamespace = "preflight";
struct AdmissionSettings {
  std::string dsn;
  int slots = 1;
  Duration wait = kDefaultAdmissionWait;               // how long a run waits for a slot
  std::string name_space{kDefaultAdmissionNamespace};  // runs that share slots share it
};

struct Check {
  std::string name;
  CheckSpec spec;
  std::vector<std::string> after;
  bool required = true;
  Duration poll_interval = kDefaultPollInterval;
  // Ready, but only after this long: a warning in every report (slow, slow_critical).
  std::optional<Duration> warn_after, critical_after;
  RetryPolicy retry;
  SourceLocation where;        // the [checks.NAME] header
  SourceLocation after_where;  // the `after` key, for messages about it

  std::string_view type_name() const;
  Duration budget() const;  // per attempt: warmup, or the DNS timeout
};

struct Config {
  std::string path;
  RetryPolicy retry;
  BypassSettings bypass;
  Duration deadline{0};
  bool deadline_derived = true;
  // [run] only_when: `preflight run` skips the pre-flight unless every variable has its value.
  std::map<std::string, std::string> run_only_when;
  std::optional<AdmissionSettings> admission;
  std::vector<Check> checks;  // in dependency order: every check after those it names in `after`

  const Check* Find(std::string_view name) const;
};

}  // namespace preflight
