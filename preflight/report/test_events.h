// The event stream of a test program as the listener sees it. The progress log, the console
// summary and the report files each subscribe; the listener classifies and publishes.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

// The end of the program: every test's record, and the compact view the console needs.
struct TestProgramEnd {
  // Every test in order, passing ones too; built on the first call (10 000 records cost).
  std::function<const std::vector<TestRecord>&()> all;
  const std::vector<TestRecord>& not_passed;  // failed and skipped tests, failures outside tests
  int passed = 0;                             // the passing tests, not in `not_passed`
  const nlohmann::ordered_json* preflight = nullptr;  // the pre-flight's report, if one ran
};

class TestEventSubscriber {
 public:
  virtual ~TestEventSubscriber() = default;
  // Whether to publish each test's start and end: a passing test's record is built only then.
  virtual bool WantsEachTest() const { return false; }
  virtual void OnProgramStart() {}
  virtual void OnPlan(const std::vector<std::string>& /*full_names*/) {}
  virtual void OnTestStarted(const std::string& /*full_name*/) {}
  virtual void OnTestFinished(const TestRecord&) {}
  // The circuit breaker asks staging and, while it is down, waits (true), then goes on (false).
  virtual void OnStagingWait(bool /*waiting*/) {}
  virtual void OnProgramEnd(const TestProgramEnd&) {}
  // The process is dying before its end (a fatal signal, std::terminate, exit() during a test):
  // `end` holds the records so far, the test it died in and those it did not reach.
  virtual void OnProgramDied(const TestProgramEnd&, std::string_view /*how*/) {}
};

// The subscribers the listener's environment asks for: the progress log (PREFLIGHT_PROGRESS),
// the report files (test_report_formats.h) and the console summary, in that order.
std::vector<std::unique_ptr<TestEventSubscriber>> StandardTestSubscribers();

}  // namespace preflight
