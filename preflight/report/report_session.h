// Report files shared by the processes of one session: under CTest with one process per test
// (gtest_discover_tests), every test process of one `ctest` invocation; elsewhere, every process
// started with the same PREFLIGHT_SESSION=ID. Each process keeps its part in a private folder
// and rewrites the shared files from all the parts, so that the report is the whole run's, not
// the last process's: a red run never ends with a green report.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "preflight/report/test_reports.h"
#include "preflight/report/test_results.h"

namespace preflight {

struct ReportSession {
  std::string id;     // "ctest-PID-START", or PREFLIGHT_SESSION's value
  std::string parts;  // the folder of the parts, one file per process
  std::string part;   // this process's part: its run id
};

// The session this process belongs to, if any: PREFLIGHT_SESSION, else the `ctest` that started
// it. `destinations` (the report files' paths) key the parts: another suite writing elsewhere in
// the same session has parts of its own. Removes the parts of sessions that are over.
std::optional<ReportSession> CurrentReportSession(const std::vector<std::string>& destinations);

// Everything the session's processes reported so far.
struct GatheredRun {
  std::vector<TestRecord> tests;  // a later process's record of a test replaces an earlier one
  ReportStatus status;            // incomplete while any process has not finished
  std::string reason;             // status.reason points here
  int processes = 0;
};

// Stores this process's part (`tests`, with `status`), then reads every part, under the
// session's lock (callers write the shared files before it is released, in `write`).
std::expected<void, std::string> ShareInSession(
    const ReportSession& session, const std::vector<TestRecord>& tests,
    const nlohmann::ordered_json& preflight, ReportStatus status,
    const std::function<void(const GatheredRun&)>& write);

}  // namespace preflight
