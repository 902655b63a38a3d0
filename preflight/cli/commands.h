// The `preflight` verbs: each takes its parsed options and returns the process exit code.
#pragma once

#include <expected>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/runtime/preflight_session.h"
#include "preflight/util/timestamp.h"

namespace preflight::cli {

// Options shared by every verb that loads a config.
struct ConfigOptions {
  std::string config = "preflight.toml";
  std::vector<std::string> env_files;
  std::string now;  // --now: RFC 3339 or YYYY-MM-DD; empty: the system clock
  bool no_bypass = false;
};

// --now, or the system clock when it is empty.
std::expected<SysTime, std::string> ResolveNow(const std::string& now);

struct CheckOptions {
  ConfigOptions config;
  std::string json_path, junit_path;
  bool quiet = false, verbose = false;
  bool quick = false;  // one attempt per check, budgets of at most 5 s
};

struct ClassifyOptions {
  std::string rules_path;
  std::string check_report_path;  // a `preflight check --json` report: evidence of degradation
  bool jsonl = false;
};

// Test report paths by format name (`--json FILE`: "json"), see test_report_formats.h.
using ReportPaths = std::map<std::string, std::string>;

struct RunOptions {
  CheckOptions check;  // the pre-flight's (its json_path and junit_path are not used)
  ReportPaths reports;
  int retry_infra = 0;
  // Consecutive infra failures after which the breaker asks staging; 0: never. Unset: 5 when a
  // pre-flight ran (its config is what the breaker asks staging with), else 0.
  std::optional<int> circuit_breaker;
  std::string pause_budget = "5m";    // how long a suite waits, paused, for staging to come back
  std::string circuit_breaker_share;  // "50%/20"; empty: none
  std::string test_timeout, suite_timeout;  // durations ("90s"); empty: none
  std::vector<std::string> set_env;         // NAME=VALUE for the suite's environment
  std::vector<std::string> pass_env;        // names or PREFIX*; empty: the suite gets all of ours
  std::vector<std::string> command;
  bool config_given = false;  // --config on the command line (else preflight.toml, if present)
  std::optional<std::string> history;  // --history STORE: record the run (also $PREFLIGHT_HISTORY)
  std::string rules_path;              // --rules FILE: the suite's PREFLIGHT_RULES
};

struct MergeOptions {
  std::vector<std::string> inputs;
  ReportPaths reports;
};

// Exit 2 with the reason when a report could not be written where asked (its folder is missing
// or read-only): said at once, not after the checks.
std::expected<void, int> CheckReportPaths(std::initializer_list<std::string_view> paths);

// The path from /, for a child or a report read elsewhere; as given if the working directory is
// gone.
std::string AbsolutePath(const std::string& path);

// The pre-flight of `check` and `run` from their options (see RunPreflightSession).
std::expected<PreflightSession, int> RunPreflightStep(
    const CheckOptions& options, std::string_view command,
    std::function<std::expected<void, int>(const LoadedConfig&)> before_checks = {});

struct HistoryOptions {
  std::string store;  // a path or a PostgreSQL DSN; empty: $PREFLIGHT_HISTORY, else the default
  std::vector<std::string> reports;  // add
  std::string at;                    // add: when the runs ended (default: the files' times)
  std::string since = "30d";         // report
  std::string html_path, markdown_path, json_path;  // report ("-": stdout)
  std::string older_than = "90d";                   // prune
};

// The history store to use: `given`, else $PREFLIGHT_HISTORY, else .preflight/history.db.
std::string HistoryLocation(const std::string& given);
// `run --history`: records the run whose preflight.tests/v1 report this is.
int RecordRun(const std::string& location, std::string_view report_json);
int HistoryAdd(const HistoryOptions& options);
int HistoryReport(const HistoryOptions& options);
int HistoryPrune(const HistoryOptions& options);

struct AdmissionStatusOptions {
  ConfigOptions config;
  std::string json_path;
};

int ConfigValidate(const ConfigOptions& options);
int AdmissionStatus(const AdmissionStatusOptions& options);
// Writes a commented starter config at `path`; an existing file is never overwritten.
int ConfigInit(const std::string& path);
int ReportMerge(const MergeOptions& options);
int Classify(const ClassifyOptions& options);
int Check(const CheckOptions& options);
int Run(const RunOptions& options);

}  // namespace preflight::cli
