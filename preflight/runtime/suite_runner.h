// The suite as `preflight run` runs it: once, then the tests a crash or hang left unreached in a
// fresh process, then the infra-failed tests again (never config or code failures), with each
// re-run's attempts merged into one record per test. Processes are started through
// `ProcessSpawner`, waits go through `Sleeper`: both are faked in the unit tests.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "preflight/report/test_results.h"
#include "preflight/runtime/child_process.h"
#include "preflight/runtime/hang_watch.h"
#include "preflight/util/duration.h"

namespace preflight {

class Redactor;

// Starts a process and waits for it: `RunChild` in production.
class ProcessSpawner {
 public:
  virtual ~ProcessSpawner() = default;
  virtual std::expected<ChildExit, std::string> Run(const std::vector<std::string>& argv,
                                                    const ChildOptions& options) = 0;
};

class ChildProcessSpawner final : public ProcessSpawner {
 public:
  std::expected<ChildExit, std::string> Run(const std::vector<std::string>& argv,
                                            const ChildOptions& options) override {
    // Through this program (the suite dies with it, even if it is killed with SIGKILL).
    ChildOptions dying = options;
    std::error_code no_self;
    if (const auto self = std::filesystem::read_symlink("/proc/self/exe", no_self); !no_self)
      dying.die_with_parent_via = self.string();
    return RunChild(argv, dying);
  }
};

struct SuiteRunnerSettings {
  std::vector<std::string> command;  // the suite and its arguments
  std::string scratch;               // where each run's report and progress log go
  std::vector<std::string> env;      // the suite's whole environment
  Timeouts timeouts;
  const Redactor* redactor = nullptr;  // masks the suite's output as it passes through
  int retry_infra = 0;                 // re-runs of infra-failed tests
  Duration retry_delay{0};             // before each re-run, jittered
  std::function<double()> uniform;     // [0, 1) for the jitter
  std::function<void(Duration)> sleep;
  std::function<int()> stopped;  // a signal that asked run to stop (0: none); may be empty
  std::function<void(const std::string&)> say;  // a progress line for the console
};

struct SuiteOutcome {
  std::vector<TestRecord> tests;  // one record per test, attempts merged
  int forwarded_signal = 0;       // SIGINT/SIGTERM we passed on: the run stops there
  bool without_listener = false;  // the suite wrote neither a report nor a progress log
  int suite_exit = 0;             // then, what its process exited with (128 + N for a signal)
  std::string error;              // a later run could not start: `tests` holds what ran
  int processes = 0;              // how many times the suite was started
};

// An error only when the suite could not be started at all.
std::expected<SuiteOutcome, std::string> RunSuite(ProcessSpawner& spawner,
                                                  const SuiteRunnerSettings& settings);

}  // namespace preflight
