// The listener GoogleTest calls for every test event: collects each test's failures (and those
// outside tests: environments, SetUpTestSuite, TearDownTestSuite), classifies them infra, config
// or code (with what the network did under the test, when gtest_main watches it),
// opens the circuit breaker when asked, and writes the reports at the end of the program.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "death_watch.h"
#include "in_process_preflight.h"
#include "listener_internal.h"
#include "network_watch.h"
#include "preflight/classify/classifier.h"
#include "preflight/classify/combine.h"
#include "preflight/classify/degraded_dependencies.h"
#include "preflight/gtest_listener.h"
#include "preflight/report/check_report_reader.h"
#include "preflight/report/test_events.h"
#include "preflight/report/test_report_formats.h"
#include "preflight/util/redactor.h"
#include "staging_breaker.h"
#include "suite_environment.h"

extern char** environ;

namespace preflight {
namespace {

constexpr size_t kMaxMessage = 64 * 1024;

bool g_installed = false;
std::string g_skip_reason;  // set by gtest_main when the in-process pre-flight failed
nlohmann::ordered_json g_preflight_report;  // set by gtest_main after the in-process pre-flight
internal::NetworkWatch* g_network_watch = nullptr;  // set by StartNetworkWatch

struct FailurePart {
  std::string message;
  std::string location;
};

class PreflightListener final : public testing::EmptyTestEventListener {
 public:
  PreflightListener() {
    if (std::string path = ProcessVariable("PREFLIGHT_RULES"); !path.empty()) {
      auto rules = LoadRules(path);
      if (rules)
        user_rules_ = std::move(*rules);
      else
        std::fprintf(stderr, "[preflight] ignoring PREFLIGHT_RULES:\n%s",
                     FormatDiagnostics(rules.error()).c_str());
    }
    LearnSecretsOfTheEnvironment();
  }

  void LearnSecretsOfTheEnvironment() {
    for (char** entry = environ; entry && *entry; ++entry) {
      std::string_view pair(*entry);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && IsSecretName(pair.substr(0, eq)))
        redactor_.AddSecret(pair.substr(eq + 1));
    }
  }

  void OnTestIterationStart(const testing::UnitTest& unit_test, int iteration) override {
    if (iteration == 0) {
      LoadPreflightReport();  // gtest_main's in-process pre-flight ran by now
      subscribers_ = StandardTestSubscribers();
      for (const auto& subscriber : subscribers_)
        if (subscriber->WantsEachTest()) each_test_.push_back(subscriber.get());
    }
    entries_.reserve(entries_.size() + static_cast<size_t>(unit_test.test_to_run_count()));
    if (each_test_.empty()) return;
    std::vector<std::string> plan;
    for (int i = 0; i < unit_test.total_test_suite_count(); ++i) {
      const testing::TestSuite& suite = *unit_test.GetTestSuite(i);
      for (int j = 0; j < suite.total_test_count(); ++j)
        if (suite.GetTestInfo(j)->should_run())
          plan.push_back(std::string(suite.name()) + "." + suite.GetTestInfo(j)->name());
    }
    for (auto* subscriber : each_test_) subscriber->OnPlan(plan);
  }

  void OnEnvironmentsSetUpStart(const testing::UnitTest&) override {
    context_ = {"", "[global environment SetUp]"};
  }
  void OnEnvironmentsSetUpEnd(const testing::UnitTest&) override { FlushOutside(); }
  void OnEnvironmentsTearDownStart(const testing::UnitTest&) override {
    context_ = {"", "[global environment TearDown]"};
  }
  void OnEnvironmentsTearDownEnd(const testing::UnitTest&) override { FlushOutside(); }

  void OnTestSuiteStart(const testing::TestSuite& suite) override {
    context_ = {suite.name(), "[SetUpTestSuite]"};
  }
  void OnTestSuiteEnd(const testing::TestSuite&) override { FlushOutside(); }

  void OnTestStart(const testing::TestInfo& info) override {
    FlushOutside();
    current_ = {info.test_suite_name(), info.name()};
    if (!each_test_.empty()) {
      const std::string name = std::string(info.test_suite_name()) + "." + info.name();
      for (auto* subscriber : each_test_) subscriber->OnTestStarted(name);
    }
    in_test_ = true;
    parts_.clear();
    skip_reason_.clear();
    if (g_network_watch) g_network_watch->BeginTest();
  }

  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (result.skipped()) {
      skip_reason_ = result.message();
      return;
    }
    if (!result.failed()) return;
    // gtest_main's way of skipping every test when the pre-flight failed: not a failure.
    if (!in_test_ && !g_skip_reason.empty() &&
        std::string_view(result.message()).ends_with(internal::kPreflightStopMessage))
      return;
    FailurePart part{
        result.message(),
        result.file_name() ? fmt::format("{}:{}", result.file_name(), result.line_number()) : ""};
    if (in_test_ && parts_.empty() && g_network_watch) g_network_watch->FirstFailure();
    (in_test_ ? parts_ : outside_parts_).push_back(std::move(part));
  }

  void OnTestEnd(const testing::TestInfo& info) override {
    in_test_ = false;
    ++tests_ended_;
    const testing::TestResult& result = *info.result();
    context_ = {info.test_suite_name(), "[TearDownTestSuite]"};
    auto record_of = [&] {
      return TestRecord{.suite = info.test_suite_name(),
                        .name = info.name(),
                        .duration = std::chrono::milliseconds(result.elapsed_time())};
    };
    if (!result.Skipped() && !result.Failed()) {
      breaker_.Record(true, false);
      if (!each_test_.empty()) Finished(record_of());
      entries_.push_back({.passed = &info, .ms = result.elapsed_time()});
      return;
    }
    TestRecord record = record_of();
    if (result.Skipped()) {
      record.outcome = TestOutcome::kSkipped;
      record.skip_reason = breaker_.open()         ? breaker_.skip_reason()
                           : !skip_reason_.empty() ? redactor_.Redact(skip_reason_)
                           : !g_skip_reason.empty()
                               ? g_skip_reason
                               : "skipped by GoogleTest without a message (e.g. its "
                                 "SetUpTestSuite failed)";
    } else {
      Classify(record, parts_,
               g_network_watch ? g_network_watch->TakeActivity() : NetworkActivity{});
      if (breaker_.Record(false, record.failed_for(FailureKind::kInfra)))
        GTEST_FLAG_SET(fail_fast, true);  // the rest is skipped, with the breaker's reason
    }
    Finished(record);
    Add(std::move(record));
  }

  void OnTestProgramEnd(const testing::UnitTest&) override {
    ended_ = true;
    FlushOutside();
    RejudgeProvisionalOutages();
    const TestProgramEnd end{
        .all = [this]() -> const std::vector<TestRecord>& { return AllRecords(); },
        .not_passed = records_,
        .passed = static_cast<int>(entries_.size() - records_.size()),
        .preflight = &g_preflight_report};
    for (const auto& subscriber : subscribers_) subscriber->OnProgramEnd(end);
  }

  // Alone (not under `preflight run`, which reads the progress log of a process that died and
  // runs the rest again), the reports say "incomplete" from the listener's installation until
  // the program's end, and say where the process died if it does. Not when GoogleTest only
  // lists the tests, nor in a death test's child process.
  void Start() {
    if (!ProcessVariable("PREFLIGHT_PROGRESS").empty() || GTEST_FLAG_GET(list_tests) ||
        !GTEST_FLAG_GET(internal_run_death_test).empty())
      return;
    started_ = true;
    TestReportFiles().OnProgramStart();
    InstallDeathWatch([this](const std::string& how) { Died(how); });
  }

  // The process is dying before the program's end: the reports get the records so far, the
  // test it died in (a code failure: crash) and the tests it did not reach (skipped).
  void Died(const std::string& how) {
    if (!started_ || ended_) return;
    ended_ = true;
    std::vector<TestRecord> all = AllRecords();
    const std::string where =
        in_test_ ? fmt::format("{} during {}.{}", how, current_.suite, current_.name)
                 : fmt::format("{} outside any test", how);
    if (in_test_) {
      TestRecord crash{.suite = current_.suite,
                       .name = current_.name,
                       .outcome = TestOutcome::kFailed,
                       .message = how + " during this test"};
      crash.classification = Classification{.kind = FailureKind::kCode, .category = "crash"};
      all.push_back(std::move(crash));
    }
    const testing::UnitTest& unit_test = *testing::UnitTest::GetInstance();
    int seen = 0;  // in the order they run (shuffled or not): the first ones ended
    const int reached = tests_ended_ + (in_test_ ? 1 : 0);
    for (int i = 0; i < unit_test.total_test_suite_count(); ++i) {
      const testing::TestSuite& suite = *unit_test.GetTestSuite(i);
      for (int j = 0; j < suite.total_test_count(); ++j) {
        const testing::TestInfo& info = *suite.GetTestInfo(j);
        if (!info.should_run() || seen++ < reached) continue;
        all.push_back({.suite = info.test_suite_name(),
                       .name = info.name(),
                       .outcome = TestOutcome::kSkipped,
                       .skip_reason = "not run: " + where});
      }
    }
    const TestProgramEnd end{.all = [&]() -> const std::vector<TestRecord>& { return all; },
                             .not_passed = records_,
                             .passed = static_cast<int>(entries_.size() - records_.size()),
                             .preflight = &g_preflight_report};
    for (const auto& subscriber : subscribers_) subscriber->OnProgramDied(end, where);
  }

 private:
  // Outages decided while nothing had answered on their host yet: with what the whole run saw
  // of that host, some could not be told from a wrong address after all.
  void RejudgeProvisionalOutages() {
    if (!g_network_watch) return;
    for (const auto& [record, provisional] : provisional_) {
      const std::string answered =
          g_network_watch->AnsweredOnHost(provisional.host, provisional.target);
      if (answered.empty() || record >= records_.size()) continue;
      auto& classification = *records_[record].classification;
      RejudgeWhenTheHostAnsweredLater(classification, provisional, answered);
      if (classification.evidence)
        classification.evidence->text = redactor_.Redact(classification.evidence->text);
    }
  }

  // Where failures outside a test come from. Pointers to GoogleTest's names and literals, set
  // for every test: building strings here would cost more than the listener's other work.
  struct Context {
    const char* suite;
    const char* name;
  };

  void Finished(const TestRecord& record) {
    for (auto* subscriber : each_test_) subscriber->OnTestFinished(record);
  }

  // Compiled on the first failure: a green suite never pays for it.
  const Classifier& classifier() {
    if (!classifier_) {
      auto compiled = Classifier::Create(std::move(user_rules_));
      if (!compiled) {
        std::fprintf(stderr, "[preflight] ignoring PREFLIGHT_RULES: %s\n",
                     compiled.error().c_str());
        compiled = Classifier::Create();
      }
      classifier_.emplace(std::move(*compiled));
    }
    return *classifier_;
  }

  // The classifier is a function of the text: in an outage, hundreds of tests fail with the same
  // one, classified once. The network under each test is read afterwards, per test.
  Classification ClassifyText(const std::string& text) {
    if (auto known = classified_texts_.find(text); known != classified_texts_.end())
      return known->second;
    Classification classified = classifier().Classify(text);
    if (text.size() > kMaxClassifiedText) return classified;
    if (classified_texts_.size() >= kMaxClassifiedTexts) classified_texts_.clear();
    classified_texts_.emplace(text, classified);
    return classified;
  }

  void Classify(TestRecord& record, const std::vector<FailurePart>& parts,
                const NetworkActivity& network = {}) {
    record.outcome = TestOutcome::kFailed;
    std::string message;
    for (const auto& part : parts) message += (message.empty() ? "" : "\n---\n") + part.message;
    if (message.size() > kMaxMessage) message = message.substr(0, kMaxMessage) + "\n…(truncated)";
    record.location = parts.empty() ? "" : parts.front().location;
    record.message = redactor_.Redact(message);
    std::vector<Classification> each;
    for (const auto& part : parts) each.push_back(ClassifyText(part.message));
    Classification decided = CombineFailures(std::move(each));
    AttributeToDegradedDependency(decided, message, degraded_);
    if (auto provisional = AttributeToNetwork(decided, network, declared_))
      provisional_.push_back({records_.size(), std::move(*provisional)});
    if (decided.evidence) decided.evidence->text = redactor_.Redact(decided.evidence->text);
    if (decided.near_miss) decided.near_miss->text = redactor_.Redact(decided.near_miss->text);
    record.classification = std::move(decided);
  }

  // Under `preflight run`, its pre-flight's report comes in a file; gtest_main sets it directly.
  void LoadPreflightReport() {
    const std::string path = ProcessVariable("PREFLIGHT_CHECK_REPORT");
    if (g_preflight_report.is_null() && !path.empty()) {
      if (auto report = ReadCheckReport(path))
        g_preflight_report = std::move(*report);
      else
        std::fprintf(stderr, "[preflight] ignoring PREFLIGHT_CHECK_REPORT: %s\n",
                     report.error().c_str());
    }
    if (ProcessVariable("PREFLIGHT_PROGRESS").empty()) {  // under `run`, run did
      AdoptEnvFiles(g_preflight_report);
      LearnSecretsOfTheEnvironment();
    }
    try {
      degraded_ = DegradedDependencies(g_preflight_report);
      declared_ = DeclaredEndpoints(g_preflight_report);
    } catch (const nlohmann::json::exception& error) {
      std::fprintf(stderr, "[preflight] ignoring a malformed pre-flight report: %s\n",
                   error.what());
    }
  }

  // Failures recorded outside any test become a record of their own, so they are counted.
  void FlushOutside() {
    if (outside_parts_.empty()) return;
    TestRecord record{.suite = context_.suite, .name = context_.name};
    Classify(record, outside_parts_);
    Finished(record);
    Add(std::move(record));
    outside_parts_.clear();
  }

  void Add(TestRecord record) {
    entries_.push_back({.record = records_.size()});
    records_.push_back(std::move(record));
  }

  // Every test in order, passing ones as full records too: for the report files only.
  const std::vector<TestRecord>& AllRecords() {
    if (all_.empty()) {
      all_.reserve(entries_.size());
      for (const auto& entry : entries_) {
        if (!entry.passed) {
          all_.push_back(records_[entry.record]);
          continue;
        }
        all_.push_back({.suite = entry.passed->test_suite_name(),
                        .name = entry.passed->name(),
                        .duration = std::chrono::milliseconds(entry.ms)});
      }
    }
    return all_;
  }

  std::vector<Rule> user_rules_;
  std::vector<DegradedDependency> degraded_;
  std::vector<DeclaredEndpoint> declared_;  // the pre-flight's endpoints and names
  std::vector<std::pair<size_t, HostNotYetAnswered>> provisional_;  // by index in records_
  std::optional<Classifier> classifier_;
  static constexpr size_t kMaxClassifiedTexts = 256, kMaxClassifiedText = 4096;
  std::unordered_map<std::string, Classification> classified_texts_;  // at most 1 MiB of texts
  Redactor redactor_;
  // Every test (and failure outside tests) in order. A passing test is only its TestInfo: full
  // records for 10 000 passing tests would be 4 MB, paid in page faults by every run.
  struct Entry {
    const testing::TestInfo* passed = nullptr;  // else records_[record]
    int64_t ms = 0;                             // a passing test's duration (per --gtest_repeat)
    size_t record = 0;
  };
  std::vector<Entry> entries_;
  std::vector<TestRecord> records_;  // the tests that did not pass, and failures outside tests
  std::vector<TestRecord> all_;      // AllRecords(), built once at the end
  std::vector<FailurePart> parts_, outside_parts_;
  std::string skip_reason_;
  Context context_{"", ""};
  Context current_{"", ""};  // the test running, or the last one
  bool in_test_ = false;
  bool started_ = false, ended_ = false;  // the reports said "incomplete"; the program ended
  int tests_ended_ = 0;
  std::vector<std::unique_ptr<TestEventSubscriber>> subscribers_;
  std::vector<TestEventSubscriber*> each_test_;  // those that want every test's start and end
  StagingBreaker breaker_{redactor_, [this](bool waiting) {
                            for (auto* subscriber : each_test_) subscriber->OnStagingWait(waiting);
                          }};
};

}  // namespace

namespace internal {
void SetSkipReasonForAll(std::string reason) {
  g_skip_reason = std::move(reason);
}
void SetPreflightReport(nlohmann::ordered_json report) {
  g_preflight_report = std::move(report);
}
void SetNetworkWatch(NetworkWatch* watch) {
  g_network_watch = watch;
}
}  // namespace internal

void InstallListener() {
  if (g_installed) return;
  SetPackageCli(PREFLIGHT_PACKAGE_CLI);
  auto* listener = new PreflightListener;
  testing::UnitTest::GetInstance()->listeners().Append(listener);
  g_installed = true;
  listener->Start();
  // The network evidence, for suites with their own main() too (c-ares's, for one): without it
  // their failures were read from the words alone.
  StartNetworkWatch();
}

}  // namespace preflight
