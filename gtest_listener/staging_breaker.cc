// The listener's circuit breaker: settings from the environment, a quick pre-flight, the pause.
#include "staging_breaker.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "in_process_preflight.h"
#include "preflight/classify/staging_pause.h"
#include "preflight/exit_code.h"
#include "preflight/report/test_report_formats.h"  // ProcessVariable

namespace preflight {
namespace {

void Say(const std::string& line) {
  std::printf("[preflight] %s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace

StagingBreaker::StagingBreaker(const Redactor& redactor, std::function<void(bool)> on_wait)
    : redactor_(redactor), on_wait_(std::move(on_wait)) {
  std::optional<BreakerShare> share;
  if (std::string text = ProcessVariable("PREFLIGHT_CIRCUIT_BREAKER_SHARE"); !text.empty()) {
    auto parsed = ParseBreakerShare(text);
    if (parsed)
      share = *parsed;
    else
      std::fprintf(stderr, "[preflight] ignoring PREFLIGHT_CIRCUIT_BREAKER_SHARE=%s\n",
                   parsed.error().c_str());
  }
  breaker_ = CircuitBreaker(std::atoi(ProcessVariable("PREFLIGHT_CIRCUIT_BREAKER").c_str()), share);
  // The config the breaker asks staging with: `preflight run`'s, or gtest_main's in-process one.
  staging_config_ = ProcessVariable("PREFLIGHT_BREAKER_CONFIG");
  if (staging_config_.empty()) staging_config_ = ProcessVariable("PREFLIGHT_CONFIG");
  for (std::string_view files = ProcessVariable("PREFLIGHT_BREAKER_ENV_FILES"); !files.empty();) {
    const size_t newline = files.find('\n');
    if (newline > 0) staging_env_files_.emplace_back(files.substr(0, newline));
    files = newline == std::string_view::npos ? "" : files.substr(newline + 1);
  }
  if (std::string text = ProcessVariable("PREFLIGHT_PAUSE_BUDGET"); !text.empty()) {
    if (auto budget = ParseDuration(text))
      pause_budget_ = *budget;
    else
      std::fprintf(stderr, "[preflight] ignoring PREFLIGHT_PAUSE_BUDGET=%s: %s\n", text.c_str(),
                   budget.error().c_str());
  }
}

bool StagingBreaker::Record(bool passed, bool infra_failure) {
  if (passed) {
    breaker_.Record(false);
    return false;
  }
  auto opened = breaker_.Record(infra_failure);
  return opened && AskStagingBeforeStopping(*opened);
}

// The breaker's threshold was reached. Stop the suite only when staging's own checks say it is
// down, and first wait (the suite paused) for it to come back.
bool StagingBreaker::AskStagingBeforeStopping(const std::string& why) {
  if (staging_config_.empty())
    return Open(why + "; not confirmed: no pre-flight config to ask staging with");
  Say(fmt::format("circuit breaker: {}; asking staging (a quick pre-flight)", why));
  on_wait_(true);
  struct WaitEnds {
    const std::function<void(bool)>& on_wait;
    ~WaitEnds() { on_wait(false); }
  } wait_ends{on_wait_};
  auto quick_check = [&] {
    std::vector<std::string> arguments = {"--config", staging_config_, "--quick"};
    for (const auto& file : staging_env_files_)
      arguments.insert(arguments.end(), {"--env-file", file});
    const InProcessVerdict verdict = RunPreflightCheck(arguments, CheckOutput::kHidden);
    if (verdict.exit_code == 0) return StagingCheck{StagingCheck::kReady, ""};
    if (verdict.exit_code == kExitInfra && !verdict.failed_checks.empty())
      return StagingCheck{StagingCheck::kDown, redactor_.Redact(verdict.failed_checks)};
    std::string_view reason = verdict.reason;
    if (reason.starts_with("not run: ")) reason.remove_prefix(9);
    return StagingCheck{StagingCheck::kCannotTell, redactor_.Redact(reason)};
  };
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::mt19937_64 random{std::random_device{}()};
  const StagingPauseOutcome outcome = ConfirmOrPause(
      quick_check,
      {.budget = pause_budget_,
       .uniform01 = [&] { return std::uniform_real_distribution<double>(0, 1)(random); },
       .now = [&] { return std::chrono::duration_cast<Duration>(Clock::now() - start); },
       .sleep = [](Duration d) { std::this_thread::sleep_for(d); },
       .on_still_down =
           [&](const StagingCheck& seen, Duration waited) {
             Say(fmt::format("staging is down ({}): suite paused, {} of {}", seen.reason,
                             FormatElapsed(waited), FormatDuration(pause_budget_)));
           }});
  switch (outcome.state) {
    case StagingPauseOutcome::kStillDown:
      return Open(fmt::format("{}; staging's checks still fail after {}: {}", why,
                              FormatElapsed(outcome.waited), outcome.reason));
    case StagingPauseOutcome::kUp:
      Say(fmt::format("{}, but staging's checks pass: continuing", why));
      break;
    case StagingPauseOutcome::kCannotTell:
      Say(fmt::format("{}, but staging's checks could not run ({}): continuing", why,
                      outcome.reason));
      break;
    case StagingPauseOutcome::kCameBack:
      Say(fmt::format("staging is back after {}: resuming the suite",
                      FormatElapsed(outcome.waited)));
      break;
  }
  breaker_.Close();
  return false;
}

bool StagingBreaker::Open(const std::string& why) {
  skip_reason_ = fmt::format("not run: infrastructure is down (circuit breaker opened: {})", why);
  std::printf("[preflight] circuit breaker open: %s; skipping the rest\n", why.c_str());
  std::fflush(stdout);
  return true;
}

}  // namespace preflight
