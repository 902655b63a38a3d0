// The readers of what other runs wrote: test reports (`report merge`), check reports
// (`classify --check-report`), the progress log (`run` resuming after a crash) and a run as the
// history records it (`history add`, then its page). Any bytes
// give a result or an error, never a crash. The first byte chooses the reader.
#include <nlohmann/json.hpp>

#include "preflight/classify/degraded_dependencies.h"
#include "preflight/history/history_report.h"
#include "preflight/history/recorded_run.h"
#include "preflight/report/check_report_reader.h"
#include "preflight/report/progress_log.h"
#include "preflight/report/test_report_reader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text = preflight::fuzz::Text(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto read = preflight::ReadTestsReport(preflight::fuzz::ScratchFile(text, ".json"));
      if (!read) preflight::fuzz::Require(!read.error().empty());
      break;
    }
    case 1: {
      auto report = preflight::ParseCheckReport(text);
      try {
        if (report) (void)preflight::DegradedDependencies(*report);
      } catch (const nlohmann::json::exception&) {
        // classify --check-report turns these into a usage error naming the file
      }
      break;
    }
    case 3: {
      auto run = preflight::RecordedRunFromReport(text, {.at = "2026-11-30T00:00:00Z"});
      if (!run) {
        preflight::fuzz::Require(!run.error().empty());
        break;
      }
      const std::vector<preflight::RecordedRun> runs{*run};
      (void)preflight::HistoryHtml(runs, "fuzz");
      (void)preflight::HistoryMarkdown(runs, "fuzz");
      break;
    }
    default: {
      auto progress = preflight::ReadProgress(preflight::fuzz::ScratchFile(text, ".progress"));
      if (progress) {
        (void)progress->Unfinished();
        (void)progress->NotStarted();
      }
    }
  }
  return 0;
}
