// The pre-flight as a person watches it: one line per finished check, a live status line while
// waiting (on a terminal) or periodic plain lines (in CI logs), and a one-line verdict.
#pragma once

#include <cstdio>
#include <string>

#include "preflight/config/config.h"
#include "preflight/engine/check_observer.h"

namespace preflight {

enum class Verbosity { kQuiet, kNormal, kVerbose };

struct ConsoleStyle {
  bool live = false;    // a terminal: redraw a status line in place
  bool colour = false;  // a terminal without NO_COLOR
  Verbosity verbosity = Verbosity::kNormal;
  size_t width = 80;  // terminal columns: the live line is cut to fit, or it would not redraw

  // Decides from the stream and the environment: TTY for live/colour, NO_COLOR honoured.
  static ConsoleStyle For(std::FILE* stream, Verbosity verbosity);
};

class ConsoleReporter final : public CheckObserver {
 public:
  // `now`: the run's clock (--now), for the bypass banner's time left.
  ConsoleReporter(std::FILE* out, ConsoleStyle style, const Config& config,
                  const BypassDecision& bypass, SysTime now);

  void OnCheckStarted(const Check& check) override;
  void OnProbeFinished(const Check& check, int attempt, const ProbeOutcome& outcome) override;
  void OnRetryScheduled(const Check& check, int next_attempt, Duration delay,
                        const CheckError& error) override;
  void OnCheckFinished(const CheckResult& result) override;
  void OnRunFinished(const RunResult& result) override;
  void OnProgress(const std::vector<CheckProgress>& progress) override;

 private:
  void Line(const std::string& text);  // clears the live line first
  std::string Paint(std::string_view text, std::string_view colour_code) const;

  std::FILE* out_;
  ConsoleStyle style_;
  size_t name_width_ = 0;
  bool live_line_shown_ = false;
};

// "FAILED: ..." / "passed" / "BYPASSED" one-line verdict, shared by every console output.
std::string Verdict(const RunResult& result);

}  // namespace preflight
