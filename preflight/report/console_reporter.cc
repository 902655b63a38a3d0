// Console rendering of pre-flight events.
#include "preflight/report/console_reporter.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <algorithm>
#include <cstdlib>

#include "preflight/exit_code.h"

namespace preflight {
namespace {

constexpr std::string_view kGreen = "32", kRed = "31", kYellow = "33", kDim = "2";

std::string Seconds(Duration d) {
  return fmt::format("{:.1f}s", static_cast<double>(d.count()) / 1e6);
}

}  // namespace

ConsoleStyle ConsoleStyle::For(std::FILE* stream, Verbosity verbosity) {
  const bool tty = ::isatty(::fileno(stream)) == 1;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  winsize size{};
  const size_t width = tty && ::ioctl(::fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0
                           ? size.ws_col
                           : 80;
  return {.live = tty && !dumb,
          .colour = tty && !dumb && (no_colour == nullptr || no_colour[0] == '\0'),
          .verbosity = verbosity,
          .width = width};
}

ConsoleReporter::ConsoleReporter(std::FILE* out, ConsoleStyle style, const Config& config,
                                 const BypassDecision& bypass, SysTime now)
    : out_(out), style_(style) {
  for (const auto& check : config.checks) name_width_ = std::max(name_width_, check.name.size());
  if (bypass.state == BypassState::kActive)
    Line(Paint(fmt::format("⚠ {}", bypass.Describe(now)), kYellow));
  if (bypass.state == BypassState::kIgnored)
    Line(Paint(fmt::format("note: {}", bypass.ignored_reason), kYellow));
  for (const auto& check : config.checks)
    if (auto* http = std::get_if<HttpCheck>(&check.spec); http && http->insecure)
      Line(Paint(fmt::format("warning: {}: TLS verification is off (insecure = true)", check.name),
                 kYellow));
  if (style_.verbosity != Verbosity::kQuiet)
    Line(fmt::format("preflight: {} check{} from {}, deadline {}", config.checks.size(),
                     config.checks.size() == 1 ? "" : "s", config.path,
                     FormatElapsed(config.deadline)));
}

std::string ConsoleReporter::Paint(std::string_view text, std::string_view code) const {
  if (!style_.colour) return std::string(text);
  return fmt::format("\033[{}m{}\033[0m", code, text);
}

void ConsoleReporter::Line(const std::string& text) {
  if (live_line_shown_) std::fputs("\r\033[K", out_);
  live_line_shown_ = false;
  fmt::print(out_, "{}\n", text);
  std::fflush(out_);
}

void ConsoleReporter::OnCheckStarted(const Check& check) {
  if (style_.verbosity == Verbosity::kVerbose)
    Line(Paint(fmt::format("  · {} started", check.name), kDim));
}

void ConsoleReporter::OnProbeFinished(const Check& check, int attempt,
                                      const ProbeOutcome& outcome) {
  if (style_.verbosity != Verbosity::kVerbose) return;
  std::string what = outcome.ready
                         ? outcome.detail
                         : fmt::format("{}: {}", outcome.error->category, outcome.error->message);
  Line(Paint(fmt::format("  · {} attempt {}: {}", check.name, attempt, what), kDim));
}

void ConsoleReporter::OnRetryScheduled(const Check& check, int next_attempt, Duration delay,
                                       const CheckError& error) {
  if (style_.verbosity == Verbosity::kQuiet) return;
  Line(fmt::format("  … {}: attempt {} of {} failed ({}); retrying in {}", check.name,
                   next_attempt - 1, check.retry.attempts, error.category, Seconds(delay)));
}

void ConsoleReporter::OnCheckFinished(const CheckResult& result) {
  std::string_view mark = "✓", colour = kGreen;
  if (result.status == CheckStatus::kFailed) mark = "✗", colour = kRed;
  if (result.status == CheckStatus::kWarned) mark = "!", colour = kYellow;
  if (result.status == CheckStatus::kSkipped) mark = "-", colour = kDim;
  const bool problem = result.status != CheckStatus::kPassed;
  if (style_.verbosity == Verbosity::kQuiet && !problem) return;
  std::string line =
      fmt::format("  {} {:<{}}  {:<8} {:>8}  {}", Paint(mark, colour), result.name, name_width_,
                  result.type, result.attempts ? FormatElapsed(result.duration) : "",
                  result.attempts > 1 ? fmt::format("{} attempts", result.attempts)
                                      : (result.attempts ? "1 attempt " : "          "));
  if (result.status == CheckStatus::kSkipped && result.error)
    line += "  " + result.error->message;
  else if (result.error)
    line += fmt::format("  {}: {}", result.error->category, result.error->message);
  else if (!result.detail.empty())
    line += "  " + result.detail;
  Line(line);
}

void ConsoleReporter::OnProgress(const std::vector<CheckProgress>& progress) {
  if (progress.empty() || style_.verbosity == Verbosity::kQuiet) return;
  std::vector<std::string> parts;
  for (const auto& p : progress) {
    if (p.waiting_to_retry)
      parts.push_back(fmt::format("{}: retry in {} (attempt {}/{} next)", p.name,
                                  Seconds(p.budget - p.elapsed), p.attempt + 1, p.attempts));
    else
      parts.push_back(fmt::format("{}: warming {} / {}, attempt {}/{}", p.name, Seconds(p.elapsed),
                                  Seconds(p.budget), p.attempt, p.attempts));
  }
  std::string text = fmt::format("{}", fmt::join(parts, " · "));
  if (style_.live) {
    if (text.size() >= style_.width) text = text.substr(0, style_.width - 2) + "…";
    fmt::print(out_, "\r\033[K{}", Paint(text, kDim));
    live_line_shown_ = true;
    std::fflush(out_);
  } else {
    Line("  waiting: " + text);
  }
}

void ConsoleReporter::OnRunFinished(const RunResult& result) {
  std::string_view colour = result.status == RunStatus::kPassed   ? kGreen
                            : result.status == RunStatus::kFailed ? kRed
                                                                  : kYellow;
  Line(Paint(Verdict(result), colour));
  if (style_.verbosity != Verbosity::kQuiet && result.checks.size() > 3) {
    std::vector<const CheckResult*> ran;
    for (const auto& check : result.checks)
      if (check.attempts > 0) ran.push_back(&check);
    std::sort(ran.begin(), ran.end(), [](auto* a, auto* b) { return a->duration > b->duration; });
    std::vector<std::string> slowest;
    for (size_t i = 0; i < ran.size() && i < 3; ++i)
      slowest.push_back(fmt::format("{} {}", ran[i]->name, FormatElapsed(ran[i]->duration)));
    if (!slowest.empty()) Line(fmt::format("slowest: {}", fmt::join(slowest, ", ")));
  }
  if (result.bypass.state == BypassState::kActive && result.status == RunStatus::kBypassed)
    Line(
        Paint("⚠ failures were turned into warnings by the EMERGENCY BYPASS; fix staging or remove "
              "the bypass",
              kYellow));
}

std::string Verdict(const RunResult& result) {
  size_t failed = 0, warned = 0, skipped = 0;
  std::vector<std::string> failures;
  for (const auto& check : result.checks) {
    if (check.status == CheckStatus::kFailed) {
      ++failed;
      failures.push_back(
          fmt::format("{} ({})", check.name, check.error ? check.error->category : "?"));
    }
    warned += check.status == CheckStatus::kWarned;
    skipped += check.status == CheckStatus::kSkipped;
  }
  const std::string counts = fmt::format("{} check{}, {} failed, {} warned, {} skipped, in {}",
                                         result.checks.size(), result.checks.size() == 1 ? "" : "s",
                                         failed, warned, skipped, FormatElapsed(result.duration));
  const bool cancelled = std::ranges::any_of(result.checks, [](const CheckResult& check) {
    return check.error && check.error->category == category::kCancelled;
  });
  if (cancelled) return fmt::format("preflight INTERRUPTED: {}", counts);
  switch (result.status) {
    case RunStatus::kPassed:
      return fmt::format("preflight passed: {}", counts);
    case RunStatus::kBypassed:
      return fmt::format("preflight BYPASSED: {} (exit 0 because of the emergency bypass)", counts);
    case RunStatus::kFailed:
      break;
  }
  const int code = ExitCodeFor(result);
  const std::string_view reason = PreflightFailureMeaning(code);
  if (failures.empty()) failures.push_back("required checks skipped");
  return fmt::format("preflight FAILED: {}; {}: {} (exit {})", fmt::join(failures, ", "), reason,
                     counts, code);
}

}  // namespace preflight
