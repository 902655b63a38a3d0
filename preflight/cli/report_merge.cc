// `preflight report merge`: one split from the reports of sharded runs.
#include <fmt/format.h>
#include <set>
#include <unordered_map>

#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/test_report_formats.h"
#include "preflight/report/test_report_reader.h"

namespace preflight::cli {

int ReportMerge(const MergeOptions& options) {
  std::vector<TestRecord> merged;
  std::set<std::string> outside_tests;  // "[SetUpTestSuite]"-style records: once, not per shard
  std::unordered_map<std::string, size_t> seen_in;  // test → the input it came from
  for (size_t input = 0; input < options.inputs.size(); ++input) {
    const std::string& path = options.inputs[input];
    auto tests = ReadTestsReport(path);
    if (!tests) {
      fmt::print(stderr, "preflight report merge: {}\n", tests.error());
      return kExitUsage;
    }
    merged.reserve(merged.size() + tests->size());  // moved in: no second copy of the records
    for (auto& t : *tests) {
      if (t.name.starts_with('[')) {
        if (outside_tests.insert(t.full_name()).second) merged.push_back(std::move(t));
        continue;
      }
      // Shards never overlap: a test in two reports is a report given twice, or two runs mixed.
      if (auto [at, added] = seen_in.emplace(t.full_name(), input); !added) {
        fmt::print(stderr,
                   "preflight report merge: {} is in both {} and {}: give each shard's report "
                   "once\n",
                   t.full_name(), options.inputs[at->second], path);
        return kExitUsage;
      }
      merged.push_back(std::move(t));
    }
  }
  int code = ExitCodeFor(merged);
  const auto files = AskedTestReports(options.reports, ProcessVariable, false);
  for (const auto& error : WriteTestReports(files, {.tests = merged})) {
    fmt::print(stderr, "preflight: {}\n", error.text);
    code = kExitUsage;
  }
  fmt::print("[preflight] {} report{} merged: {}\n", options.inputs.size(),
             options.inputs.size() == 1 ? "" : "s", SummaryLine(merged));
  return code;
}

}  // namespace preflight::cli
