// Incremental reading of the progress log; a line still being written is read next time.
#include "preflight/runtime/hang_watch.h"

#include <fmt/format.h>
#include <fstream>

#include "preflight/report/progress_log.h"

namespace preflight {

HangWatch::HangWatch(std::string progress_log, Timeouts timeouts)
    : path_(std::move(progress_log)), timeouts_(timeouts), started_(Clock::now()) {}

std::optional<KillReason> HangWatch::operator()() {
  const auto now = Clock::now();
  if (timeouts_.suite && now - started_ > *timeouts_.suite)
    return KillReason{KillReason::Limit::kSuite,
                      fmt::format("the suite ran longer than --suite-timeout {}",
                                  FormatDuration(*timeouts_.suite))};
  if (!timeouts_.test) return std::nullopt;
  ReadNewLines(now);
  if (!current_.empty() && now - since_ > *timeouts_.test)
    return KillReason{KillReason::Limit::kTest,
                      fmt::format("{} ran longer than --test-timeout {}", current_,
                                  FormatDuration(*timeouts_.test))};
  return std::nullopt;
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
    if (parsed.kind == ProgressLine::Kind::kStart) {
      current_ = parsed.rest;
      since_ = now;
    } else if (parsed.kind == ProgressLine::Kind::kEnd) {
      current_.clear();
    }
  }
}

}  // namespace preflight
