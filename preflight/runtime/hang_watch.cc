// Incremental reading of the progress log; a line still being written is read next time.
#include "preflight/runtime/hang_watch.h"

#include <fmt/format.h>
#include <fstream>
#include <utility>

#include "preflight/report/progress_log.h"

namespace preflight {

HangWatch::HangWatch(std::string progress_log, Timeouts timeouts,
                     std::function<Clock::time_point()> now)
    : path_(std::move(progress_log)),
      timeouts_(timeouts),
      now_(std::move(now)),
      started_(now_()),
      since_(started_) {}

std::optional<KillReason> HangWatch::operator()() {
  const auto now = now_();
  if (timeouts_.suite && now - started_ > *timeouts_.suite)
    return KillReason{KillReason::Limit::kSuite,
                      fmt::format("the suite ran longer than --suite-timeout {}",
                                  FormatDuration(*timeouts_.suite))};
  if (!timeouts_.test) return std::nullopt;
  ReadNewLines(now);
  if (paused_ || now - since_ <= *timeouts_.test) return std::nullopt;
  const std::string limit = FormatDuration(*timeouts_.test);
  if (!current_.empty())
    return KillReason{KillReason::Limit::kTest,
                      fmt::format("{} ran longer than --test-timeout {}", current_, limit)};
  if (last_ended_.empty())
    return KillReason{
        KillReason::Limit::kTest,
        fmt::format("the suite ran longer than --test-timeout {} before its first test", limit)};
  return KillReason{KillReason::Limit::kTest,
                    fmt::format("the suite ran longer than --test-timeout {} after {} ended, "
                                "outside any test",
                                limit, last_ended_)};
}

void HangWatch::ReadNewLines(Clock::time_point now) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return;
  in.seekg(static_cast<std::streamoff>(offset_));
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline yet: still being written
    offset_ += line.size() + 1;
    const ProgressLine parsed = ParseProgressLine(line);
    switch (parsed.kind) {
      case ProgressLine::Kind::kStart:
        current_ = parsed.rest;
        since_ = now;
        break;
      case ProgressLine::Kind::kEnd:
        last_ended_ = std::exchange(current_, {});
        since_ = now;
        break;
      case ProgressLine::Kind::kPause:
        paused_ = true;
        paused_at_ = now;
        break;
      case ProgressLine::Kind::kResume:
        if (paused_) since_ += now - paused_at_;  // the wait is not the test's time
        paused_ = false;
        break;
      default:
        break;
    }
  }
}

}  // namespace preflight
