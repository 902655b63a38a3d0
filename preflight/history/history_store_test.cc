// The history store on a real SQLite file: schema from empty, idempotent adds, periods, prune;
// and the aggregates a team lead reads.
#include "preflight/history/history_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "preflight/history/history_report.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

// `wait_ms`: the pre-flight's wait; real reports differ in their times, so these do too.
std::string Report(int passed, int infra, int code, const std::string& extra_test = "",
                   double wait_ms = 3100.5) {
  std::string tests;
  auto add = [&](const std::string& json) { tests += (tests.empty() ? "" : ",") + json; };
  for (int i = 0; i < infra; ++i)
    add(fmt::format(
        R"({{"name":"Api.Infra{}","classname":"Api","outcome":"failed","failure_kind":"infra","category":"connect","evidence":{{"rule":"libcurl.connect","text":"Couldn't connect"}},"attempts":1,"duration_ms":1,"message":"Couldn't connect"}})",
        i));
  for (int i = 0; i < code; ++i)
    add(fmt::format(
        R"({{"name":"Orders.Bug{}","classname":"Orders","outcome":"failed","failure_kind":"code","category":"assertion","evidence":null,"attempts":1,"duration_ms":1,"message":"Expected equality\nmore"}})",
        i));
  if (!extra_test.empty()) add(extra_test);
  return fmt::format(
      R"({{"schema":"preflight.tests/v1","summary":{{"total":{},"passed":{},"failed_code":{},"failed_config":0,"failed_infra":{},"skipped":0,"flaky":0}},"preflight":{{"schema":"preflight.check/v1","status":"passed","duration_ms":3100,"bypass":{{"active":false}},"checks":[{{"name":"vpc_connector","type":"http","status":"{}","attempts":2,"duration_ms":{},"error":null}}]}},"tests":[{}]}})",
      passed + infra + code, passed, code, infra, infra ? "warned" : "passed", wait_ms, tests);
}

RecordedRun Recorded(const std::string& report, const std::string& at, const std::string& commit) {
  auto run = RecordedRunFromReport(report, {.at = at, .commit = commit, .branch = "main"});
  EXPECT_TRUE(run) << run.error();
  return *run;
}

TEST(HistoryStore, AnEmptyFileGetsTheSchemaAndARunIsRecordedOnce) {
  preflight::testing::TempDir dir;
  const std::string path = (dir.path() / "deep/history.db").string();
  auto store = HistoryStore::Open(path);
  ASSERT_TRUE(store) << store.error();
  EXPECT_EQ(store->engine(), "sqlite");
  const RecordedRun run = Recorded(Report(4, 1, 1), "2026-11-02T10:00:00Z", "abc123");
  EXPECT_EQ(store->Add(run), true);
  EXPECT_EQ(store->Add(run), false) << "the same report twice is one run";
  auto again = HistoryStore::Open(path);  // an existing store is not migrated twice
  ASSERT_TRUE(again) << again.error();
  auto runs = again->Runs("2026-11-01T00:00:00Z");
  ASSERT_TRUE(runs) << runs.error();
  ASSERT_EQ(runs->size(), 1u);
  const RecordedRun& back = (*runs)[0];
  EXPECT_EQ(back.context.commit, "abc123");
  EXPECT_EQ(back.total, 6);
  EXPECT_EQ(back.failed_infra, 1);
  ASSERT_EQ(back.tests.size(), 2u) << "passing tests are counted, not kept";
  ASSERT_EQ(back.checks.size(), 1u);
  EXPECT_EQ(back.checks[0].attempts, 2);
  EXPECT_DOUBLE_EQ(back.checks[0].duration_ms, 3100.5);
}

TEST(HistoryStore, PeriodsAndPruneGoByWhenTheRunEnded) {
  preflight::testing::TempDir dir;
  auto store = HistoryStore::Open((dir.path() / "h.db").string());
  ASSERT_TRUE(store);
  for (int day = 1; day <= 9; ++day)
    ASSERT_TRUE(store->Add(Recorded(Report(5, day % 3 == 0, 0, "", 1000 + day),
                                    fmt::format("2026-11-0{}T12:00:00Z", day), "c")));
  auto recent = store->Runs("2026-11-07T00:00:00Z");
  ASSERT_TRUE(recent);
  ASSERT_EQ(recent->size(), 3u);
  EXPECT_EQ((*recent)[0].context.at, "2026-11-09T12:00:00Z") << "newest first";
  EXPECT_EQ(store->Prune("2026-11-05T00:00:00Z"), 4);
  EXPECT_EQ(store->Runs("2000-01-01T00:00:00Z")->size(), 5u);
}

TEST(HistoryStore, ANotJsonOrForeignReportIsAClearError) {
  EXPECT_FALSE(RecordedRunFromReport("{oops", {}));
  auto foreign = RecordedRunFromReport(R"({"schema":"preflight.check/v1"})", {});
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().find("not preflight.tests/v1"), std::string::npos);
  // A count no report has (converting 1e30 to int was undefined behaviour; found by fuzzing).
  auto huge = RecordedRunFromReport(
      R"({"schema":"preflight.tests/v1","summary":{"total":1e30,"passed":1,"failed_code":0,
          "failed_config":0,"failed_infra":0,"skipped":0,"flaky":0},"tests":[]})",
      {});
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().find("\"total\" is 1e+30, not a count"), std::string::npos)
      << huge.error();
}

TEST(HistoryReport, AggregatesAnswerTheTeamLeadsQuestions) {
  const std::string rerun =
      R"({"name":"Pay.Flaky","classname":"Pay","outcome":"passed","failure_kind":null,"category":null,"evidence":null,"attempts":2,"duration_ms":1,"earlier_failures":[]})";
  std::vector<RecordedRun> runs;  // newest first
  runs.push_back(Recorded(Report(4, 0, 1, rerun), "2026-11-03T10:00:00Z", "c3"));
  runs.push_back(Recorded(Report(4, 2, 1), "2026-11-02T10:00:00Z", "c2"));
  runs.push_back(Recorded(Report(6, 0, 0), "2026-11-01T10:00:00Z", "c1"));
  const HistoryAggregates a = AggregateHistory(runs);
  EXPECT_EQ(a.runs, 3);
  EXPECT_EQ(a.green, 1);
  EXPECT_EQ(a.code, 2);
  ASSERT_EQ(a.code_failures.size(), 1u);
  EXPECT_EQ(a.code_failures[0].first_commit, "c2") << "where the bug first appeared";
  EXPECT_EQ(a.code_failures[0].count, 2);
  ASSERT_EQ(a.passed_on_rerun.size(), 1u);
  EXPECT_EQ(a.passed_on_rerun[0].name, "Pay.Flaky");
  ASSERT_EQ(a.infra_most_often.size(), 2u);
  ASSERT_EQ(a.dependencies.size(), 1u);
  EXPECT_EQ(a.dependencies[0].check, "vpc_connector");

  const std::string html = HistoryHtml(runs, "November");
  size_t marks = 0;
  for (size_t at = html.find("<g class=\"run\""); at != std::string::npos;
       at = html.find("<g class=\"run\"", at + 1))
    ++marks;
  EXPECT_EQ(marks, 2 * runs.size()) << "one mark per run in each of the two per-run charts";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos) << "nothing loaded: no network when opened";
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_NE(HistoryMarkdown(runs, "November").find("▁"), std::string::npos);
  EXPECT_NE(HistoryJson(runs).find("\"runs\""), std::string::npos);
  EXPECT_EQ(Sparkline({0, 1, 2, 7}), "▁▂▃█");
  EXPECT_EQ(Sparkline({0, 0, 7, 7, 7, 7}, 3), "▁██") << "means of equal shares";
}

}  // namespace
}  // namespace preflight
