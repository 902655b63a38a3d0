// Aggregates of the history and their HTML, Markdown and JSON renderings.
#include "preflight/history/history_report.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "preflight/util/duration.h"
#include "preflight/util/timestamp.h"
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

// The colours of the split, as in every report: passed, infra, config, code, skipped.
constexpr const char* kPassed = "#2e7d32";
constexpr const char* kInfra = "#ef6c00";
constexpr const char* kConfig = "#6a1b9a";
constexpr const char* kCode = "#c62828";
constexpr const char* kSkipped = "#9e9e9e";
constexpr const char* kNotRun = "#455a64";
constexpr const char* kPalette[] = {"#ef6c00", "#1565c0", "#00838f", "#ad1457",
                                    "#558b2f", "#4e342e", "#283593", "#f9a825"};

std::string Esc(std::string_view text) {
  return XmlEscape(text);
}

std::string Day(const std::string& at) {
  return at.substr(0, 10);
}

constexpr int kChartWidth = 960;

// Where each run is on a chart's time axis (x from 0 to kChartWidth, oldest left), and the
// axis's labels: dates a person reads ("Dec 6", or "Dec 6 14:00" within a few days).
struct TimeAxis {
  std::vector<double> x;  // per run
  double slot = 0;        // a bar's width
  std::string labels;     // SVG text elements at `baseline`

  TimeAxis(const std::vector<const RecordedRun*>& runs, int baseline) {
    std::vector<double> seconds;
    for (const auto* run : runs) {
      auto at = ParseDateOrInstant(run->context.at);
      seconds.push_back(at ? std::chrono::duration<double>(at->time_since_epoch()).count() : 0);
    }
    if (runs.empty()) return;
    const double first = *std::ranges::min_element(seconds);
    const double span = std::max(*std::ranges::max_element(seconds) - first, 1.0);
    slot = std::clamp(kChartWidth / (runs.size() * 1.25), 1.0, 24.0);
    for (double s : seconds) x.push_back((s - first) / span * (kChartWidth - slot));
    constexpr int kTicks = 5;
    for (int i = 0; i <= kTicks; ++i) {
      const double at = first + span * i / kTicks;
      const auto time = std::chrono::sys_seconds(std::chrono::seconds(static_cast<int64_t>(at)));
      const std::string label =
          span > 3 * 86400 ? fmt::format("{:%b %d}", time) : fmt::format("{:%b %d %H:%M}", time);
      labels +=
          fmt::format("<text x=\"{:.0f}\" y=\"{}\" class=\"axis\" text-anchor=\"{}\">{}</text>",
                      i * (kChartWidth - slot) / kTicks + (i == kTicks ? slot : 0), baseline,
                      i == 0        ? "start"
                      : i == kTicks ? "end"
                                    : "middle",
                      Esc(label));
    }
    labels += "\n";
  }
};

// Stacked bars, one group per run placed at its time: `parts(run)` gives (value, colour, label).
template <typename Parts>
std::string StackedBars(const std::vector<const RecordedRun*>& runs, const std::string& id,
                        Parts parts, int height = 160) {
  const int width = kChartWidth;
  const TimeAxis axis(runs, height + 16);
  double top = 1;
  for (const auto* run : runs) {
    double sum = 0;
    for (const auto& [value, colour, label] : parts(*run)) sum += value;
    top = std::max(top, sum);
  }
  std::string svg = fmt::format(
      "<svg id=\"{}\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\">\n", id,
      width, height + 20);
  for (size_t i = 0; i < runs.size(); ++i) {
    const RecordedRun& run = *runs[i];
    svg += fmt::format("<g class=\"run\" data-run=\"{}\"><title>{}", Esc(run.key),
                       Esc(run.context.at));
    for (const auto& [value, colour, label] : parts(run))
      if (value > 0) svg += fmt::format(", {} {}", value, Esc(label));
    svg += "</title>";
    double y = height;
    for (const auto& [value, colour, label] : parts(run)) {
      if (value <= 0) continue;
      const double h = value / top * (height - 10);
      y -= h;
      svg += fmt::format(
          "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>",
          axis.x[i], y, std::max(axis.slot * 0.8, 0.5), h, colour);
    }
    svg += "</g>\n";
  }
  return svg + axis.labels + "</svg>\n";
}

std::string Legend(std::initializer_list<std::pair<const char*, std::string>> items) {
  std::string out = "<p class=\"legend\">";
  for (const auto& [colour, label] : items)
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", colour, Esc(label));
  return out + "</p>\n";
}

// The pre-flight's wait per check, one line per check, a point per run.
std::string WaitChart(const std::vector<const RecordedRun*>& runs,
                      const std::vector<std::string>& check_names) {
  const int width = kChartWidth, height = 160;
  const TimeAxis axis(runs, height + 16);
  double top = 1;
  for (const auto* run : runs)
    for (const auto& check : run->checks) top = std::max(top, check.duration_ms);
  std::string svg = fmt::format(
      "<svg id=\"waits\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\">\n",
      width, height + 20);
  for (size_t c = 0; c < check_names.size(); ++c) {
    const char* colour = kPalette[c % std::size(kPalette)];
    std::string points;
    std::string marks;
    for (size_t i = 0; i < runs.size(); ++i)
      for (const auto& check : runs[i]->checks) {
        if (check.name != check_names[c]) continue;
        const double x = axis.x[i] + axis.slot / 2,
                     y = height - check.duration_ms / top * (height - 10);
        points += fmt::format("{:.1f},{:.1f} ", x, y);
        marks += fmt::format(
            "<circle class=\"wait\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"{}\"><title>{} {}: "
            "{:.0f} ms, {} attempt{}, {}</title></circle>",
            x, y, colour, Esc(runs[i]->context.at), Esc(check.name), check.duration_ms,
            check.attempts, check.attempts == 1 ? "" : "s", Esc(check.status));
      }
    svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1\" points=\"{}\"/>",
                       colour, points) +
           marks + "\n";
  }
  svg += fmt::format("<text x=\"0\" y=\"12\" class=\"axis\">{}</text>",
                     FormatElapsed(std::chrono::duration_cast<Duration>(
                         std::chrono::duration<double, std::milli>(top))));
  return svg + axis.labels + "</svg>\n";
}

std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& empty) {
  if (rows.empty()) return fmt::format("<p class=\"empty\">{}</p>\n", Esc(empty));
  std::string out = "<table><tr>";
  for (const auto& h : header) out += "<th>" + Esc(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + Esc(cell) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
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
                                 Esc(period), Esc(period), a.runs, a.green, a.code, a.config,
                                 a.infra_only, a.not_run);
  html += "<h2>The split per run</h2>\n";
  html += Legend({{kPassed, "passed"},
                  {kInfra, "infra"},
                  {kConfig, "config"},
                  {kCode, "code"},
                  {kSkipped, "skipped"},
                  {kNotRun, "not run"}});
  // A run the pre-flight (or admission) stopped is a full-height slate bar: it is a red run too.
  int tallest = 1;
  for (const auto& run : runs) tallest = std::max(tallest, run.total);
  html += StackedBars(oldest_first, "split", [&](const RecordedRun& run) {
    if (!run.not_run.empty())
      return std::vector<std::tuple<double, const char*, std::string>>{
          {tallest, kNotRun, "not run: " + run.not_run}};
    return std::vector<std::tuple<double, const char*, std::string>>{
        {run.passed, kPassed, "passed"},
        {run.failed_infra, kInfra, "infra"},
        {run.failed_config, kConfig, "config"},
        {run.failed_code, kCode, "code"},
        {run.skipped, kSkipped, "skipped"}};
  });
  // Infrastructure failures by category, per run.
  std::vector<std::string> categories;
  for (const auto& [category, count] : a.infra_categories) categories.push_back(category);
  html += "<h2>Infrastructure failures by category</h2>\n<p class=\"legend\">";
  for (size_t i = 0; i < categories.size(); ++i)
    html += fmt::format("<span><i style=\"background:{}\"></i>{} ({})</span>",
                        kPalette[i % std::size(kPalette)], Esc(categories[i]),
                        a.infra_categories[i].second);
  html += "</p>\n";
  html += StackedBars(oldest_first, "infra", [&](const RecordedRun& run) {
    std::vector<std::tuple<double, const char*, std::string>> parts;
    for (size_t i = 0; i < categories.size(); ++i) {
      int n = 0;
      for (const auto& t : run.tests) n += t.kind == "infra" && t.category == categories[i];
      parts.emplace_back(n, kPalette[i % std::size(kPalette)], categories[i]);
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
  html += "<h2>The pre-flight's wait per check</h2>\n<p class=\"legend\">";
  for (size_t i = 0; i < checks.size(); ++i)
    html += fmt::format("<span><i style=\"background:{}\"></i>{}</span>",
                        kPalette[i % std::size(kPalette)], Esc(checks[i]));
  html += "</p>\n" + WaitChart(oldest_first, checks);
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
