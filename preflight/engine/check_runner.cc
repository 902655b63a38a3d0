// State machine of the pre-flight: pending → running (attempts of polls) → passed/failed/warned,
// or skipped when a prerequisite did not pass or the run was stopped.
#include "preflight/engine/check_runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <tuple>

#include "preflight/engine/backoff.h"

namespace preflight {

struct CheckRunner::State {
  const Check& check;
  CheckResult result;
  Duration started_at{0};
  Duration phase_started_at{0};  // start of the current attempt or retry wait
  Duration phase_budget{0};
  bool waiting_to_retry = false;
  std::optional<Duration> poll_started_at;  // while a probe is in flight
  std::unique_ptr<Probe> probe;
  std::unique_ptr<Timer> timer;
  std::optional<CheckError> last_error;
  bool bypassed = false;  // a required failure turned into a warning by the bypass

  bool done() const {
    return result.status != CheckStatus::kPending && result.status != CheckStatus::kRunning;
  }
};

std::string CheckTarget(const Check& check) {
  return std::visit([](const auto& spec) { return spec.Target(); }, check.spec);
}

CheckRunner::CheckRunner(const Config& config, RunnerSettings settings, Scheduler& scheduler,
                         ProbeFactory& probes, CheckObserver& observer)
    : config_(config),
      settings_(std::move(settings)),
      scheduler_(scheduler),
      probes_(probes),
      observer_(observer) {
  result_.bypass = settings_.bypass;
  for (const auto& check : config_.checks) {
    auto state = std::make_unique<State>(State{.check = check});
    state->result.name = check.name;
    state->result.type = check.type_name();
    state->result.target = Redact(CheckTarget(check));
    state->result.endpoints =
        std::visit([](const auto& spec) { return spec.Endpoints(); }, check.spec);
    states_.push_back(std::move(state));
  }
}

CheckRunner::~CheckRunner() = default;

std::string CheckRunner::Redact(std::string text) const {
  return settings_.redactor ? settings_.redactor->Redact(text) : text;
}

void CheckRunner::Start() {
  started_at_ = scheduler_.Now();
  deadline_timer_ = scheduler_.After(config_.deadline, [this] {
    StopAll(category::kDeadline, fmt::format("the overall deadline of {} was reached",
                                             FormatDuration(config_.deadline)));
  });
  StartReadyChecks();
  MaybeFinishRun();
}

void CheckRunner::Cancel(const std::string& reason) {
  if (!finished_) result_.cancelled = true;
  StopAll(category::kCancelled, reason);
}

void CheckRunner::StopAll(std::string_view category, const std::string& reason) {
  if (finished_) return;
  result_.interrupted = true;
  for (auto& state : states_) {
    if (state->done()) continue;
    if (state->result.status == CheckStatus::kRunning) {
      std::string message = reason;
      // What the poll it cut short had seen, then what the last finished poll saw.
      const std::string seen = state->poll_started_at ? state->probe->Seen() : "";
      if (!seen.empty())
        message += fmt::format("; {} after {}", Redact(seen),
                               FormatElapsed(scheduler_.Now() - *state->poll_started_at));
      if (state->last_error) message += fmt::format("; last error: {}", state->last_error->message);
      Finish(*state, CheckStatus::kFailed, CheckError{std::string(category), message});
    }
  }
  for (auto& state : states_)
    if (!state->done())
      Finish(*state, CheckStatus::kSkipped,
             CheckError{std::string(category), reason + " before it started"});
  MaybeFinishRun();
}

void CheckRunner::StartReadyChecks() {
  for (auto& state : states_) {
    if (state->result.status != CheckStatus::kPending) continue;
    std::vector<std::string> not_passed;
    bool waiting = false;
    for (const auto& name : state->check.after) {
      for (const auto& other : states_) {
        if (other->check.name != name) continue;
        if (!other->done())
          waiting = true;
        else if (!other->result.succeeded())
          not_passed.push_back(name);
      }
    }
    if (!not_passed.empty()) {
      Finish(*state, CheckStatus::kSkipped,
             CheckError{"prerequisite",
                        fmt::format("skipped: {} did not pass", fmt::join(not_passed, ", "))});
    } else if (!waiting) {
      StartCheck(*state);
    }
  }
}

void CheckRunner::StartCheck(State& state) {
  state.result.status = CheckStatus::kRunning;
  state.started_at = scheduler_.Now();
  state.probe = probes_.Create(state.check);
  observer_.OnCheckStarted(state.check);
  StartAttempt(state);
}

void CheckRunner::StartAttempt(State& state) {
  ++state.result.attempts;
  state.waiting_to_retry = false;
  state.phase_started_at = scheduler_.Now();
  state.phase_budget = state.check.budget();
  Poll(state);
}

void CheckRunner::Poll(State& state) {
  const Duration remaining = state.phase_budget - (scheduler_.Now() - state.phase_started_at);
  if (remaining <= Duration{0}) return AttemptExhausted(state);
  ++state.result.probes;
  state.poll_started_at = scheduler_.Now();
  state.probe->Start(
      remaining, [this, &state](ProbeOutcome outcome) { OnProbeDone(state, std::move(outcome)); });
}

void CheckRunner::OnProbeDone(State& state, ProbeOutcome outcome) {
  state.poll_started_at.reset();
  // Every probe text enters the engine here: redacted once, before any observer sees it.
  if (outcome.error) outcome.error->message = Redact(std::move(outcome.error->message));
  if (outcome.warning) outcome.warning->message = Redact(std::move(outcome.warning->message));
  outcome.detail = Redact(std::move(outcome.detail));
  observer_.OnProbeFinished(state.check, state.result.attempts, outcome);
  if (outcome.ready) {
    state.result.ready = true;
    if (!outcome.warning)
      outcome.warning = SlowWarning(state.check, scheduler_.Now() - state.started_at);
    return Finish(state, outcome.warning ? CheckStatus::kWarned : CheckStatus::kPassed,
                  std::move(outcome.warning), outcome.detail);
  }
  CheckError error = outcome.error.value_or(CheckError{"unknown", "not ready"});
  // The last poll of an attempt gets only what is left of the budget; its timeout must not hide
  // the more telling error of the polls before it (refused, 503, TLS failure).
  const bool truncated = error.category == category::kTimeout && state.last_error &&
                         state.last_error->category != category::kTimeout;
  if (!truncated) state.last_error = std::move(error);
  if (!outcome.retryable) return Finish(state, CheckStatus::kFailed, state.last_error);
  // A DNS answer is definitive for its attempt; other probes poll until the budget is spent.
  if (std::holds_alternative<DnsCheck>(state.check.spec)) return AttemptExhausted(state);
  const Duration elapsed = scheduler_.Now() - state.phase_started_at;
  const Duration remaining = state.phase_budget - elapsed;
  // Jittered: a schedule fixed from the start would see a dependency ready at T always equally
  // late (up to a whole interval), and jobs started together would poll in step.
  const Duration interval =
      JitteredPollInterval(PollInterval(elapsed, state.check.poll_interval), settings_.uniform01);
  if (interval >= remaining) return AttemptExhausted(state);
  state.timer = scheduler_.After(interval, [this, &state] { Poll(state); });
}

// warn_after / critical_after: the seeds alert on connections slower than 60 s and 90 s.
std::optional<CheckError> CheckRunner::SlowWarning(const Check& check, Duration took) {
  for (auto [limit, name, category] :
       {std::tuple{check.critical_after, "critical_after", "slow_critical"},
        std::tuple{check.warn_after, "warn_after", "slow"}})
    if (limit && took > *limit)
      return CheckError{category, fmt::format("ready after {}, slower than {} {}",
                                              FormatElapsed(took), name, FormatDuration(*limit))};
  return std::nullopt;
}

void CheckRunner::AttemptExhausted(State& state) {
  const RetryPolicy& retry = state.check.retry;
  if (state.result.attempts >= retry.attempts) {
    CheckError error = *state.last_error;
    const Duration took = scheduler_.Now() - state.started_at;
    error.message =
        fmt::format("{} (after {} attempt{} in {})", error.message, state.result.attempts,
                    state.result.attempts == 1 ? "" : "s", FormatElapsed(took));
    return Finish(state, CheckStatus::kFailed, std::move(error));
  }
  const Duration delay = JitteredDelay(retry.delay, settings_.uniform01);
  state.waiting_to_retry = true;
  state.phase_started_at = scheduler_.Now();
  state.phase_budget = delay;
  observer_.OnRetryScheduled(state.check, state.result.attempts + 1, delay, *state.last_error);
  state.timer = scheduler_.After(delay, [this, &state] { StartAttempt(state); });
}

void CheckRunner::Finish(State& state, CheckStatus status, std::optional<CheckError> error,
                         std::string detail) {
  state.probe.reset();
  state.timer.reset();
  if (status == CheckStatus::kFailed && !state.check.required) {
    status = CheckStatus::kWarned;
  } else if (status == CheckStatus::kFailed && settings_.bypass.state == BypassState::kActive) {
    status = CheckStatus::kWarned;
    state.bypassed = true;
  }
  state.result.status = status;
  state.result.error = std::move(error);
  state.result.detail = std::move(detail);
  if (state.result.attempts > 0) state.result.duration = scheduler_.Now() - state.started_at;
  observer_.OnCheckFinished(state.result);
  if (!finished_ && !result_.interrupted) StartReadyChecks();
  MaybeFinishRun();
}

void CheckRunner::MaybeFinishRun() {
  if (finished_) return;
  for (const auto& state : states_)
    if (!state->done()) return;
  finished_ = true;
  deadline_timer_.reset();
  result_.duration = scheduler_.Now() - started_at_;
  result_.checks.clear();
  bool failed = false, bypassed = false;
  for (const auto& state : states_) {
    result_.checks.push_back(state->result);
    failed |= state->result.status == CheckStatus::kFailed;
    // A required check skipped because its prerequisite failed is a failure of the run too.
    failed |= state->result.status == CheckStatus::kSkipped && state->check.required &&
              settings_.bypass.state != BypassState::kActive;
    bypassed |= state->bypassed;
  }
  result_.status = failed     ? RunStatus::kFailed
                   : bypassed ? RunStatus::kBypassed
                              : RunStatus::kPassed;
  observer_.OnRunFinished(result_);
}

std::vector<CheckProgress> CheckRunner::Progress() const {
  std::vector<CheckProgress> out;
  const Duration now = scheduler_.Now();
  for (const auto& state : states_) {
    if (state->result.status != CheckStatus::kRunning) continue;
    out.push_back({.name = state->check.name,
                   .waiting_to_retry = state->waiting_to_retry,
                   .elapsed = now - state->phase_started_at,
                   .budget = state->phase_budget,
                   .attempt = state->result.attempts,
                   .attempts = state->check.retry.attempts});
  }
  return out;
}

}  // namespace preflight
