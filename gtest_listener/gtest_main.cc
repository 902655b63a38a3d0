// Drop-in replacement for GTest::gtest_main (and, built with PREFLIGHT_GMOCK_MAIN, for
// GTest::gmock_main) that installs preflight's listener. With PREFLIGHT_CONFIG=FILE it first runs
// the pre-flight; when staging is not ready no test body runs: every test is reported skipped
// with the reason, and the process exits 75. The listener it installs watches the network under
// each test (network_watch.cc) for its evidence. Listing the tests (test discovery) is left to
// GoogleTest alone: no pre-flight, no report, no line of preflight's.
#include <gtest/gtest.h>
#ifdef PREFLIGHT_GMOCK_MAIN
#include <gmock/gmock.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "in_process_preflight.h"
#include "listener_internal.h"
#include "preflight/gtest_listener.h"
#include "preflight/report/test_report_formats.h"

namespace {

// GoogleTest marks every test skipped — in its console, its XML and to every listener — only
// when the global set-up fails fatally (a GTEST_SKIP there leaves them reported as passed).
// preflight's listener knows this failure for what it is: the pre-flight, not a test.
class SkipEverything final : public testing::Environment {
 public:
  void SetUp() override { FAIL() << preflight::internal::kPreflightStopMessage; }
};

// A suite whose tests passed but whose reports could not be written does not exit 0.
int ExitCode(int suite_exit) {
  return suite_exit == 0 && preflight::ListenerReportsFailed() ? 2 : suite_exit;
}

// Whether the command line asks GoogleTest only to list the tests, or is a death test's child.
bool ListingOrDeathTestChild() {
  std::ifstream file("/proc/self/cmdline");
  std::string argument;
  while (std::getline(file, argument, '\0'))
    if (argument.starts_with("--gtest_list_tests") ||
        argument.starts_with("--gtest_internal_run_death_test"))
      return true;
  return false;
}

// Before the other static initializers (a suite registering 10 000 tests takes a while, and a
// kill then would leave the previous run's reports in place): the reports say "incomplete" at
// once. The listener says it again when it is installed, and writes the real ones at the end.
__attribute__((constructor(101))) void MarkReportsIncomplete() {
  if (std::getenv("PREFLIGHT_PROGRESS") != nullptr || ListingOrDeathTestChild()) return;
  preflight::TestReportFiles().OnProgramStart();
}

}  // namespace

int main(int argc, char** argv) {
#ifdef PREFLIGHT_GMOCK_MAIN
  testing::InitGoogleMock(&argc, argv);
#else
  testing::InitGoogleTest(&argc, argv);
#endif
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
  preflight::InstallListener();  // and the network watch
  // A report that cannot be written is found before the suite runs, not after.
  const auto problems = preflight::UnwritableListenerReports(preflight::ProcessVariable);
  for (const auto& problem : problems) std::fprintf(stderr, "[preflight] %s\n", problem.c_str());
  if (!problems.empty()) return 2;
  // Not when a pre-flight already ran for this process: `preflight run`'s, or a CTest fixture's
  // (preflight_discover_tests), whose report PREFLIGHT_CHECK_REPORT names.
  const char* config = std::getenv("PREFLIGHT_CONFIG");
  const char* done = std::getenv("PREFLIGHT_CHECK_REPORT");
  if (config == nullptr || *config == '\0' || (done != nullptr && *done != '\0'))
    return ExitCode(RUN_ALL_TESTS());
  const preflight::InProcessVerdict verdict = preflight::RunInProcessPreflight(config);
  preflight::internal::SetPreflightReport(verdict.report);
  if (verdict.exit_code == 0) return ExitCode(RUN_ALL_TESTS());
  preflight::internal::SetSkipReasonForAll(verdict.reason);
  testing::AddGlobalTestEnvironment(new SkipEverything);
  // GoogleTest's console would say "[  SKIPPED ]", which CTest's gtest_discover_tests takes for
  // a skipped test, not a failed one: staging down would read "100% tests passed".
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  [[maybe_unused]] const int ignored = RUN_ALL_TESTS();  // every test is skipped
  std::string_view why = verdict.reason;
  if (why.starts_with("not run: ")) why.remove_prefix(9);
  std::printf("[preflight] no test ran: %.*s\n", static_cast<int>(why.size()), why.data());
  return verdict.exit_code;
}
