// The pre-flight engine: runs every check concurrently in `after` order; within an attempt
// polls until ready or the budget is spent; retries with jittered delays; bounds everything by
// the overall deadline. Single-threaded: all calls and callbacks happen on the event loop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "preflight/config/config.h"
#include "preflight/engine/check_observer.h"
#include "preflight/engine/check_result.h"
#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"
#include "preflight/util/redactor.h"

namespace preflight {

struct RunnerSettings {
  BypassDecision bypass;
  std::function<double()> uniform01;   // randomness for retry jitter
  const Redactor* redactor = nullptr;  // for targets and messages; may be null
};

class CheckRunner {
 public:
  CheckRunner(const Config& config, RunnerSettings settings, Scheduler& scheduler,
              ProbeFactory& probes, CheckObserver& observer);
  ~CheckRunner();

  void Start();
  // Stops every check now (SIGINT/SIGTERM): running ones fail with `reason`, pending ones skip.
  void Cancel(const std::string& reason);

  bool finished() const { return finished_; }
  const RunResult& result() const { return result_; }
  std::vector<CheckProgress> Progress() const;

 private:
  struct State;

  void StartCheck(State& state);
  void StartAttempt(State& state);
  void Poll(State& state);
  void OnProbeDone(State& state, ProbeOutcome outcome);
  void AttemptExhausted(State& state);
  static std::optional<CheckError> SlowWarning(const Check& check, Duration took);
  void Finish(State& state, CheckStatus status, std::optional<CheckError> error,
              std::string detail = {});
  void StartReadyChecks();
  void StopAll(std::string_view category, const std::string& reason);
  void MaybeFinishRun();
  std::string Redact(std::string text) const;

  const Config& config_;
  RunnerSettings settings_;
  Scheduler& scheduler_;
  ProbeFactory& probes_;
  CheckObserver& observer_;
  std::vector<std::unique_ptr<State>> states_;
  std::unique_ptr<Timer> deadline_timer_;
  Duration started_at_{0};
  RunResult result_;
  bool finished_ = false;
};

// The redacted target of a check as reports show it: URL, DSN or host list.
std::string CheckTarget(const Check& check);

}  // namespace preflight
