// What a team lead asks of the history, computed from the recorded runs (pure), and its three
// renderings: a self-contained HTML page with SVG charts written here (no script, no network),
// Markdown with sparklines for a pull request or step summary, and JSON (preflight.history/v1:
// a `runs` array, newest first, each with its split).
#pragma once

#include <string>
#include <vector>

#include "preflight/history/recorded_run.h"

namespace preflight {

struct RankedTest {
  std::string name;
  int count = 0;
  std::string category;  // the most recent one
};

// A test failing in code (or for configuration), and where it first did.
struct FirstFailure {
  std::string name;
  std::string first_at, first_commit;  // the oldest recorded run where it failed so
  int count = 0;
  std::string category;  // of its latest failure
  std::string summary;   // of its latest failure: its informative lines
};

struct DependencyFailures {
  std::string check;
  int runs = 0;  // runs whose pre-flight saw it fail or warn
  std::string category;
};

struct HistoryAggregates {
  int runs = 0, green = 0, code = 0, config = 0, infra_only = 0, not_run = 0;
  std::vector<RankedTest> passed_on_rerun;  // most often first
  std::vector<RankedTest> infra_most_often;
  std::vector<FirstFailure> code_failures;                    // newest first appearance first
  std::vector<FirstFailure> config_failures;                  // the same, for configuration
  std::vector<DependencyFailures> dependencies;               // most often first
  std::vector<std::pair<std::string, int>> infra_categories;  // category → failed tests
};

// `runs` newest first, as HistoryStore::Runs returns them.
HistoryAggregates AggregateHistory(const std::vector<RecordedRun>& runs);

std::string HistoryHtml(const std::vector<RecordedRun>& runs, const std::string& period);
std::string HistoryMarkdown(const std::vector<RecordedRun>& runs, const std::string& period);
std::string HistoryJson(const std::vector<RecordedRun>& runs);

// "▁▃█": one character per value (at most `width`: then means of equal shares), scaled to the
// largest.
std::string Sparkline(const std::vector<double>& values, size_t width = 60);

}  // namespace preflight
