// Aggregates of the history and their HTML, Markdown and JSON renderings.
#include "preflight/history/history_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "preflight/history/history_charts.h"
#include "preflight/util/xml.h"

namespace preflight {
namespace {

std::vector<RankedTest> Ranked(const std::map<std::string, RankedTest>& counts, size_t max) {
  std::vector<RankedTest> out;
  for (const auto& [name, ranked] : counts) out.push_back(ranked);
  std::ranges::stable_sort(out, [](const auto& a, const auto& b) { return a.count > b.count; });
  if (out.size() > max) out.resize(max);
  return out;
}

std::string Day(const std::string& at) {
  return at.substr(0, 10);
}

std::vector<std::string> CheckNames(const std::vector<const RecordedRun*>& runs) {
  std::vector<std::string> names;
  for (const auto* run : runs)
    for (const auto& check : run->checks)
      if (std::ranges::find(names, check.name) == names.end()) names.push_back(check.name);
  return names;
}

}  // namespace

HistoryAggregates AggregateHistory(const std::vector<RecordedRun>& runs) {
  HistoryAggregates a{.runs = static_cast<int>(runs.size())};
  std::map<std::string, RankedTest> rerun, infra;
  std::map<std::string, FirstFailure> code, config;
  std::map<std::string, DependencyFailures> dependencies;
  std::map<std::string, int> categories;
  for (const auto& run : runs) {  // newest first: the last one seen is the oldest
    if (!run.not_run.empty())
      ++a.not_run;
    else if (run.failed_code > 0)
      ++a.code;
    else if (run.failed_config > 0)
      ++a.config;
    else if (run.failed_infra > 0)
      ++a.infra_only;
    else
      ++a.green;
    for (const auto& t : run.tests) {
      if (t.outcome == "passed" && t.attempts > 1) {
        auto& r = rerun.try_emplace(t.name, RankedTest{t.name, 0, t.category}).first->second;
        ++r.count;
      }
      if (t.outcome == "failed" && t.kind == "infra") {
        auto& r = infra.try_emplace(t.name, RankedTest{t.name, 0, t.category}).first->second;
        ++r.count;
        ++categories[t.category];
      }
      if (t.outcome == "failed" && (t.kind == "code" || t.kind == "config")) {
        auto [it, added] = (t.kind == "code" ? code : config)
                               .try_emplace(t.name, FirstFailure{.name = t.name,
                                                                 .category = t.category,
                                                                 .summary = t.summary});
        ++it->second.count;
        it->second.first_at = run.context.at;
        it->second.first_commit = run.context.commit;
      }
    }
    for (const auto& check : run.checks)
      if (check.status == "failed" || check.status == "warned") {
        auto& d =
            dependencies.try_emplace(check.name, DependencyFailures{check.name, 0, check.category})
                .first->second;
        ++d.runs;
      }
  }
  a.passed_on_rerun = Ranked(rerun, 20);
  a.infra_most_often = Ranked(infra, 20);
  for (auto [failures, out] : {std::pair{&code, &a.code_failures}, {&config, &a.config_failures}}) {
    for (auto& [name, failure] : *failures) out->push_back(std::move(failure));
    std::ranges::stable_sort(*out,
                             [](const auto& x, const auto& y) { return x.first_at > y.first_at; });
  }
  for (auto& [name, d] : dependencies) a.dependencies.push_back(std::move(d));
  std::ranges::stable_sort(a.dependencies,
                           [](const auto& x, const auto& y) { return x.runs > y.runs; });
  for (const auto& [category, count] : categories) a.infra_categories.emplace_back(category, count);
  std::ranges::stable_sort(a.infra_categories,
                           [](const auto& x, const auto& y) { return x.second > y.second; });
  return a;
}

std::string HistoryHtml(const std::vector<RecordedRun>& runs, const std::string& period) {
  const HistoryAggregates a = AggregateHistory(runs);
  std::vector<const RecordedRun*> oldest_first;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) oldest_first.push_back(&*it);
  std::string html = fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>preflight history: {}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222 }}
h1 {{ font-size: 1.5em }} h2 {{ font-size: 1.15em; margin-top: 2em }}
.chart {{ border: 1px solid #ddd; background: #fafafa }}
.axis {{ font-size: 11px; fill: #666 }}
.legend span {{ margin-right: 1.2em }} .legend i {{ display: inline-block; width: .8em; height: .8em; margin-right: .3em }}
table {{ border-collapse: collapse; width: 100% }} td, th {{ border-bottom: 1px solid #eee; padding: 3px 6px; text-align: left; vertical-align: top }}
.empty {{ color: #666 }} .numbers b {{ font-size: 1.3em }}
</style></head><body>
<h1>preflight history: {}</h1>
<p class="numbers"><b>{}</b> runs: <b>{}</b> green, <b>{}</b> red in code, <b>{}</b> red for configuration, <b>{}</b> red for infrastructure only, <b>{}</b> not run (the pre-flight or admission stopped them)</p>
)",
                                 XmlEscape(period), XmlEscape(period), a.runs, a.green, a.code,
                                 a.config, a.infra_only, a.not_run);
  html += "<h2>The split per run</h2>\n";
  html += Legend({{kPassedColour, "passed"},
                  {kInfraColour, "infra"},
                  {kConfigColour, "config"},
                  {kCodeColour, "code"},
                  {kSkippedColour, "skipped"},
                  {kNotRunColour, "not run"}});
  // A run the pre-flight (or admission) stopped is a full-height slate bar: it is a red run too.
  int tallest = 1;
  for (const auto& run : runs) tallest = std::max(tallest, run.total);
  const TimeAxis axis(oldest_first);
  html += StackedBars(oldest_first, axis, "split", [&](const RecordedRun& run) {
    if (!run.not_run.empty())
      return std::vector<BarPart>{{tallest, kNotRunColour, "not run: " + run.not_run}};
    return std::vector<BarPart>{{run.passed, kPassedColour, "passed"},
                                {run.failed_infra, kInfraColour, "infra"},
                                {run.failed_config, kConfigColour, "config"},
                                {run.failed_code, kCodeColour, "code"},
                                {run.skipped, kSkippedColour, "skipped"}};
  });
  // Infrastructure failures by category, per run.
  std::vector<std::string> categories, labels;
  for (const auto& [category, count] : a.infra_categories) {
    categories.push_back(category);
    labels.push_back(fmt::format("{} ({})", category, count));
  }
  html += "<h2>Infrastructure failures by category</h2>\n" + PaletteLegend(labels);
  html += StackedBars(oldest_first, axis, "infra", [&](const RecordedRun& run) {
    std::vector<BarPart> parts;
    for (size_t i = 0; i < categories.size(); ++i) {
      int n = 0;
      for (const auto& t : run.tests) n += t.kind == "infra" && t.category == categories[i];
      parts.push_back({n, PaletteColour(i), categories[i]});
    }
    return parts;
  });
  html += "<h2>Infrastructure failures by dependency (the pre-flight's checks)</h2>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : a.dependencies)
    rows.push_back({d.check, std::to_string(d.runs), d.category});
  html += Table({"check", "runs it failed or warned in", "last category"}, rows,
                "No check failed in these runs.");
  const std::vector<std::string> checks = CheckNames(oldest_first);
  html += "<h2>The pre-flight's wait per check</h2>\n" + PaletteLegend(checks) +
          WaitChart(oldest_first, axis, checks);
  rows.clear();
  for (const auto& t : a.passed_on_rerun)
    rows.push_back({t.name, std::to_string(t.count), t.category});
  html += "<h2>Tests that passed only on a re-run</h2>\n" +
          Table({"test", "runs", "category of the failed attempt"}, rows,
                "No test needed a re-run to pass.");
  rows.clear();
  for (const auto& t : a.infra_most_often)
    rows.push_back({t.name, std::to_string(t.count), t.category});
  html += "<h2>Tests failing for infrastructure most often</h2>\n" +
          Table({"test", "infra failures", "last category"}, rows, "No infrastructure failure.");
  auto first_failures = [&](const std::vector<FirstFailure>& failures) {
    rows.clear();
    for (const auto& f : failures)
      rows.push_back({f.name, f.first_at, f.first_commit.empty() ? "(unknown)" : f.first_commit,
                      std::to_string(f.count), f.category, f.summary});
    return rows;
  };
  html += "<h2>Code failures, and the commit where each first appeared</h2>\n" +
          Table({"test", "first seen", "commit", "runs", "category", "latest failure"},
                first_failures(a.code_failures), "No code failure.");
  html += "<h2>Configuration failures: a setting a person must change</h2>\n" +
          Table({"test", "first seen", "commit", "runs", "category", "latest failure"},
                first_failures(a.config_failures), "No configuration failure.");
  rows.clear();
  for (const auto& run : runs) {
    std::string evidence;
    for (const auto& t : run.tests)
      if (t.outcome == "failed")
        evidence +=
            fmt::format("{}{} {}: {}", evidence.empty() ? "" : "; ", t.kind, t.name, t.category);
    if (!run.not_run.empty()) evidence = run.not_run;
    rows.push_back(
        {run.context.at, run.context.commit, run.context.branch, run.context.job,
         fmt::format("{}/{} passed, {} infra, {} config, {} code, {} skipped", run.passed,
                     run.total, run.failed_infra, run.failed_config, run.failed_code, run.skipped),
         run.preflight_status + (run.bypass_active ? " (bypass)" : ""), evidence});
  }
  html += "<h2>Runs</h2>\n" +
          Table({"ended", "commit", "branch", "job", "split", "pre-flight", "evidence"}, rows,
                "No runs recorded in this period.");
  return html + "</body></html>\n";
}

std::string Sparkline(const std::vector<double>& all, size_t width) {
  static constexpr const char* kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  // More values than characters: each character is the mean of its share of the values.
  std::vector<double> values;
  const size_t n = std::max<size_t>(1, std::min(width, all.size()));
  for (size_t i = 0; i < n && !all.empty(); ++i) {
    const size_t from = i * all.size() / n, to = std::max(from + 1, (i + 1) * all.size() / n);
    double sum = 0;
    for (size_t j = from; j < to; ++j) sum += all[j];
    values.push_back(sum / static_cast<double>(to - from));
  }
  double top = 0;
  for (double v : values) top = std::max(top, v);
  std::string out;
  for (double v : values)
    out += kBars[top <= 0 ? 0 : std::min<int>(7, static_cast<int>(v / top * 7 + 0.5))];
  return out;
}

std::string HistoryMarkdown(const std::vector<RecordedRun>& runs, const std::string& period) {
  const HistoryAggregates a = AggregateHistory(runs);
  std::vector<double> infra, config, code, passed;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    infra.push_back(it->failed_infra);
    config.push_back(it->failed_config);
    code.push_back(it->failed_code);
    passed.push_back(it->total ? static_cast<double>(it->passed) / it->total : 0);
  }
  std::string md = fmt::format(
      "### preflight history: {}\n\n{} runs: {} green, {} red in code, {} red for "
      "configuration, {} red for infrastructure only, {} not run.\n\n",
      period, a.runs, a.green, a.code, a.config, a.infra_only, a.not_run);
  md += fmt::format(
      "| oldest → newest | |\n|---|---|\n| passed share | {} |\n| infra failures "
      "| {} |\n| config failures | {} |\n| code failures | {} |\n\n",
      Sparkline(passed), Sparkline(infra), Sparkline(config), Sparkline(code));
  auto list = [&](const std::string& title, const std::vector<RankedTest>& tests) {
    if (tests.empty()) return;
    md += fmt::format("**{}:** ", title);
    for (size_t i = 0; i < std::min<size_t>(tests.size(), 5); ++i)
      md += fmt::format("{}`{}` ({})", i ? ", " : "", tests[i].name, tests[i].count);
    md += "\n\n";
  };
  list("Passed only on a re-run", a.passed_on_rerun);
  list("Failing for infrastructure most often", a.infra_most_often);
  auto first_failures = [&](const std::string& title, const std::vector<FirstFailure>& failures) {
    if (failures.empty()) return;
    md += fmt::format("**{} (first seen):** ", title);
    for (size_t i = 0; i < std::min<size_t>(failures.size(), 5); ++i)
      md += fmt::format("{}`{}` ({}, {}, {})", i ? ", " : "", failures[i].name,
                        Day(failures[i].first_at),
                        failures[i].first_commit.empty() ? "commit unknown"
                                                         : failures[i].first_commit.substr(0, 10),
                        failures[i].category);
    md += "\n\n";
  };
  first_failures("Code failures", a.code_failures);
  first_failures("Configuration failures: settings to change", a.config_failures);
  if (!a.dependencies.empty()) {
    md += "**Dependencies the pre-flight saw failing:** ";
    for (size_t i = 0; i < a.dependencies.size(); ++i)
      md += fmt::format("{}{} ({} runs)", i ? ", " : "", a.dependencies[i].check,
                        a.dependencies[i].runs);
    md += "\n";
  }
  return md;
}

std::string HistoryJson(const std::vector<RecordedRun>& runs) {
  nlohmann::ordered_json json{{"schema", "preflight.history/v1"},
                              {"runs", nlohmann::ordered_json::array()}};
  for (const auto& run : runs)
    json["runs"].push_back({{"key", run.key},
                            {"at", run.context.at},
                            {"commit", run.context.commit},
                            {"branch", run.context.branch},
                            {"job", run.context.job},
                            {"shard", run.context.shard},
                            {"host", run.context.host},
                            {"split",
                             {{"total", run.total},
                              {"passed", run.passed},
                              {"failed_infra", run.failed_infra},
                              {"failed_config", run.failed_config},
                              {"failed_code", run.failed_code},
                              {"skipped", run.skipped},
                              {"flaky", run.flaky}}},
                            {"preflight_status", run.preflight_status},
                            {"bypass_active", run.bypass_active},
                            {"not_run", run.not_run}});
  return json.dump(2) + "\n";
}

}  // namespace preflight
