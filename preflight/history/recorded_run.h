// One run as the history keeps it: its context (when, commit, branch, job, shard, host), its
// split, the pre-flight's checks (wait and attempts), and the tests that did not simply pass
// (failed, skipped, or passed only on a re-run); passing tests are counted, not kept.
#pragma once

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace preflight {

struct RunContext {
  std::string at;  // RFC 3339, UTC: when the run ended
  std::string commit, branch, job, shard, host;
};

struct RecordedTest {
  std::string name;
  std::string outcome;  // passed (after a re-run), failed, skipped
  std::string kind;     // infra, config, code; empty unless failed
  std::string category;
  int attempts = 1;
  std::string summary;  // one line: the evidence, or the message's informative lines
};

struct RecordedCheck {
  std::string name, type, status, category;
  int attempts = 0;
  double duration_ms = 0;
};

struct RecordedRun {
  std::string key;  // "run:" + the report's run_id; an older report's content hash
  RunContext context;
  int total = 0, passed = 0, failed_code = 0, failed_config = 0, failed_infra = 0, skipped = 0,
      flaky = 0;
  bool bypass_active = false;
  std::string preflight_status;  // passed, failed, bypassed; empty without a pre-flight
  std::string not_run;           // why the suite did not run, if it did not
  std::vector<RecordedTest> tests;
  std::vector<RecordedCheck> checks;
};

// From a preflight.tests/v1 report's text; an error says what is wrong with it.
std::expected<RecordedRun, std::string> RecordedRunFromReport(std::string_view text,
                                                              RunContext context);

using VariableGetter = std::function<std::optional<std::string>(std::string_view)>;
// The CI's own variables (GitHub Actions, GitLab CI, Buildkite, Jenkins), else empty; `at` is
// left to the caller.
RunContext RunContextFromEnvironment(const VariableGetter& variable, std::string host);

}  // namespace preflight
