// The listener's progress log (PREFLIGHT_PROGRESS=FILE): which tests will run, which started,
// and each finished test's record, one line each, appended as they happen. When a suite dies
// mid-test, `preflight run` reads it to name the test that was running and to run the rest.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/report/test_events.h"
#include "preflight/report/test_results.h"

namespace preflight {

std::string ProgressPlanLine(const std::string& full_name);   // "plan\tSuite.Test\n"
std::string ProgressStartLine(const std::string& full_name);  // "start\tSuite.Test\n"
std::string ProgressEndLine(const TestRecord& record);        // "end\t{...record...}\n"
// "pause\tstaging\n" / "resume\tstaging\n": the listener waits for staging (no test's time).
std::string ProgressWaitLine(bool waiting);

// One line of the log, without its newline: what kind it is and what follows the tab. The one
// place the line format is read (ReadProgress, and `run`'s watchdog as the suite runs).
struct ProgressLine {
  enum class Kind { kPlan, kStart, kEnd, kPause, kResume, kUnknown };
  Kind kind = Kind::kUnknown;
  std::string_view rest;  // the test's name, or the finished test's record as JSON
};
ProgressLine ParseProgressLine(std::string_view line);

struct SuiteProgress {
  std::vector<std::string> planned;
  std::vector<std::string> started;
  std::vector<TestRecord> finished;

  // Started but not finished: the test that was running when the suite died.
  std::vector<std::string> Unfinished() const;
  // Planned but never started.
  std::vector<std::string> NotStarted() const;
};

std::expected<SuiteProgress, std::string> ReadProgress(const std::string& path);

// The writer: a subscriber to the listener's events that appends each line with one write, so
// the log survives a crash right after it.
class ProgressLogWriter final : public TestEventSubscriber {
 public:
  // Opens (appends to) `path`; an error names the file.
  static std::expected<std::unique_ptr<ProgressLogWriter>, std::string> Open(
      const std::string& path);
  ~ProgressLogWriter() override;

  bool WantsEachTest() const override { return true; }
  void OnPlan(const std::vector<std::string>& full_names) override;
  void OnTestStarted(const std::string& full_name) override;
  void OnTestFinished(const TestRecord& record) override;
  void OnStagingWait(bool waiting) override;

 private:
  explicit ProgressLogWriter(int fd) : fd_(fd) {}
  void Append(const std::string& lines);
  int fd_;
};

}  // namespace preflight
