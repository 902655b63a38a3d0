// The listener's standard subscribers, as its environment asks for them.
#include "preflight/report/test_events.h"

#include <fmt/format.h>

#include "preflight/report/progress_log.h"
#include "preflight/report/test_console_summary.h"
#include "preflight/report/test_report_formats.h"

namespace preflight {

std::vector<std::unique_ptr<TestEventSubscriber>> StandardTestSubscribers() {
  std::vector<std::unique_ptr<TestEventSubscriber>> subscribers;
  if (std::string path = ProcessVariable("PREFLIGHT_PROGRESS"); !path.empty()) {
    if (auto log = ProgressLogWriter::Open(path))
      subscribers.push_back(std::move(*log));
    else
      fmt::print(stderr, "[preflight] no progress log: {}\n", log.error());
  }
  subscribers.push_back(std::make_unique<TestReportFiles>());
  subscribers.push_back(std::make_unique<ConsoleSummary>());
  return subscribers;
}

}  // namespace preflight
