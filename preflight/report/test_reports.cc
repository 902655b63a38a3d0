// JSON, JUnit XML and Markdown renderings of classified test results.
#include "preflight/report/test_reports.h"

#include <fmt/format.h>
#include <cstdlib>
#include <iterator>
#include <map>

#include "preflight/util/json_text.h"
#include "preflight/util/markdown.h"
#include "preflight/util/xml.h"

#include "preflight/util/run_id.h"

namespace preflight {
namespace {

constexpr size_t kSinkPart = 1 << 20;  // a streamed report is handed on in parts of about 1 MiB

}  // namespace

void AppendTestRecordJson(std::string& out, const TestRecord& t) {
  auto field = [&](std::string_view name, std::string_view value) {
    out += ",\"";
    out += name;
    out += "\":";
    AppendJsonString(out, value);
  };
  out += "{\"name\":";
  AppendJsonString(out, t.full_name());
  field("classname", t.suite);
  field("outcome", ToString(t.outcome));
  const bool failed = t.outcome == TestOutcome::kFailed && t.classification;
  if (failed) {
    const Classification& c = *t.classification;
    field("failure_kind", ToString(c.kind));
    field("category", c.category);
    if (c.evidence) {
      out += ",\"evidence\":{\"rule\":";
      AppendJsonString(out, c.evidence->rule);
      field("text", c.evidence->text);
      out += '}';
    } else {
      out += ",\"evidence\":null";
    }
    if (c.near_miss) {
      out += ",\"near_miss\":{\"rule\":";
      AppendJsonString(out, c.near_miss->rule);
      field("text", c.near_miss->text);
      out += '}';
    }
  } else {
    out += ",\"failure_kind\":null,\"category\":null,\"evidence\":null";
  }
  fmt::format_to(std::back_inserter(out), ",\"attempts\":{},\"duration_ms\":{}", t.attempts,
                 ToMilliseconds(t.duration));
  if (failed) {
    field("message", t.message);
    field("location", t.location);
  }
  if (t.outcome == TestOutcome::kSkipped && !t.skip_reason.empty())
    field("skip_reason", t.skip_reason);
  if (!t.earlier_failures.empty()) {  // why a test took several attempts (flaky, or re-run)
    out += ",\"earlier_failures\":[";
    for (size_t i = 0; i < t.earlier_failures.size(); ++i) {
      const FailedAttempt& f = t.earlier_failures[i];
      out += i == 0 ? "{\"failure_kind\":" : ",{\"failure_kind\":";
      AppendJsonString(out, ToString(f.kind));
      field("category", f.category);
      field("message", f.message);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

void WriteTestsReportJson(const TextSink& sink, const std::vector<TestRecord>& tests,
                          const nlohmann::ordered_json& preflight, std::string_view not_run,
                          ReportStatus status) {
  const TestSummary s = Summarize(tests);
  std::string out;
  out.reserve(kSinkPart + 4096);
  fmt::format_to(
      std::back_inserter(out),
      "{{\"schema\":\"preflight.tests/v1\",\"run_id\":\"{}\",\n\"summary\":{{\"total\":{},"
      "\"passed\":{},\"failed_code\":{},\"failed_config\":{},\"failed_infra\":{},\"skipped\":{},"
      "\"flaky\":{}}},\n\"preflight\":{},",
      ProcessRunId(), s.total, s.passed, s.failed_code, s.failed_config, s.failed_infra, s.skipped,
      s.flaky, preflight.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out += "\n\"status\":";
  AppendJsonString(out, status.status);
  out += ',';
  if (!status.reason.empty()) {
    out += "\"status_reason\":";
    AppendJsonString(out, status.reason);
    out += ',';
  }
  if (!not_run.empty()) {
    out += "\n\"not_run\":";
    AppendJsonString(out, not_run);
    out += ',';
  }
  out += "\n\"tests\":[";
  for (size_t i = 0; i < tests.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    AppendTestRecordJson(out, tests[i]);
    if (out.size() >= kSinkPart) {
      sink(out);
      out.clear();
    }
  }
  out += "\n]}\n";
  sink(out);
}

std::string TestsReportJson(const std::vector<TestRecord>& tests,
                            const nlohmann::ordered_json& preflight, std::string_view not_run,
                            ReportStatus status) {
  std::string out;
  WriteTestsReportJson([&](std::string_view part) { out += part; }, tests, preflight, not_run,
                       status);
  return out;
}

void WriteTestsReportJunit(const TextSink& sink, const std::vector<TestRecord>& tests) {
  std::map<std::string, std::vector<const TestRecord*>, std::less<>> suites;
  std::vector<std::string> order;
  for (const auto& t : tests) {
    auto [it, inserted] = suites.try_emplace(t.suite);
    if (inserted) order.push_back(t.suite);
    it->second.push_back(&t);
  }
  const TestSummary all = Summarize(tests);
  Duration total{0};
  for (const auto& t : tests) total += t.duration;
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"AllTests\" tests=\"{}\" "
      "failures=\"{}\" "
      "errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
      all.total, all.failed_code + all.failed_config, all.failed_infra, all.skipped,
      ToSeconds(total));
  for (const auto& suite : order) {
    const auto& members = suites[suite];
    Duration time{0};
    int failures = 0, errors = 0, skipped = 0;
    for (const auto* t : members) {
      time += t->duration;
      errors += t->failed_for(FailureKind::kInfra);
      failures += t->outcome == TestOutcome::kFailed &&
                  !t->failed_for(FailureKind::kInfra);  // code, config
      skipped += t->outcome == TestOutcome::kSkipped;
    }
    const std::string suite_name = XmlEscape(suite);
    fmt::format_to(std::back_inserter(out),
                   "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
                   "skipped=\"{}\" time=\"{:.3f}\">\n",
                   suite_name, members.size(), failures, errors, skipped, ToSeconds(time));
    for (const auto* t : members) {
      fmt::format_to(std::back_inserter(out),
                     "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", suite_name,
                     XmlEscape(t->name), ToSeconds(t->duration));
      if (t->outcome == TestOutcome::kPassed && t->earlier_failures.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      // Re-runs as Maven Surefire writes them: a test that passed on a rerun has one flaky*
      // element per failed attempt; one that always failed has its first failure as the main
      // element and one rerun* element per later attempt. Infra failures are errors
      // (type="infra:CAT"), config and code failures are failures (type="config:CAT" / "CAT").
      auto element = [&](std::string_view prefix, FailureKind kind, std::string_view category,
                         const std::string& summary, const std::string& body) {
        const bool infra = kind == FailureKind::kInfra;
        std::string name = prefix.empty()
                               ? (infra ? "error" : "failure")
                               : fmt::format("{}{}", prefix, infra ? "Error" : "Failure");
        const std::string_view type_prefix = kind == FailureKind::kCode ? "" : ToString(kind);
        fmt::format_to(std::back_inserter(out),
                       "      <{} type=\"{}{}{}\" message=\"{}\">{}</{}>\n", name, type_prefix,
                       type_prefix.empty() ? "" : ":", XmlEscape(category), XmlEscape(summary),
                       XmlEscape(body), name);
      };
      if (t->outcome == TestOutcome::kSkipped) {
        out += fmt::format("      <skipped message=\"{}\"/>\n", XmlEscape(t->skip_reason));
      } else if (t->outcome == TestOutcome::kPassed) {
        for (const auto& f : t->earlier_failures)
          element("flaky", f.kind, f.category, f.summary, f.message);
      } else {
        const Classification& c = *t->classification;
        const std::string evidence =
            c.evidence ? fmt::format("\n[preflight] {} {} (rule {}): {}", ToString(c.kind),
                                     c.category, c.evidence->rule, c.evidence->text)
                       : "";
        const std::string last_body = fmt::format("{}\n{}{}", t->location, t->message, evidence);
        if (t->earlier_failures.empty()) {
          element("", c.kind, c.category, t->summary(), last_body);
        } else {
          const FailedAttempt& first = t->earlier_failures.front();
          element("", first.kind, first.category, first.summary, first.message);
          for (size_t k = 1; k < t->earlier_failures.size(); ++k) {
            const FailedAttempt& f = t->earlier_failures[k];
            element("rerun", f.kind, f.category, f.summary, f.message);
          }
          element("rerun", c.kind, c.category, t->summary(), last_body);
        }
      }
      out += "    </testcase>\n";
      if (out.size() >= kSinkPart) {
        sink(out);
        out.clear();
      }
    }
    out += "  </testsuite>\n";
  }
  sink(out + "</testsuites>\n");
}

std::string TestsReportJunit(const std::vector<TestRecord>& tests) {
  std::string out;
  WriteTestsReportJunit([&](std::string_view part) { out += part; }, tests);
  return out;
}

namespace {

// "src/orders_test.cc:42" rather than the build machine's absolute path: relative to
// $GITHUB_WORKSPACE (or $CI_PROJECT_DIR, or the current directory) when under it.
std::string RelativeToWorkspace(const std::string& location) {
  for (const char* variable : {"GITHUB_WORKSPACE", "CI_PROJECT_DIR", "PWD"}) {
    const char* root = std::getenv(variable);
    if (root == nullptr || *root == '\0') continue;
    std::string prefix = root;
    if (!prefix.ends_with('/')) prefix += '/';
    if (location.starts_with(prefix)) return location.substr(prefix.size());
  }
  return location;
}

}  // namespace

std::string TestsReportMarkdown(const std::vector<TestRecord>& tests, size_t max_listed,
                                ReportStatus status) {
  const TestSummary s = Summarize(tests);
  std::string out = fmt::format("### preflight: {}\n\n", SummaryLine(tests));
  if (status.status != "complete")
    out += fmt::format("**This run is {}: {}**\n\n", status.status, status.reason);
  out +=
      "| total | passed | failed in code | failed for configuration | failed for infrastructure | "
      "skipped | flaky |\n|---|---|---|---|---|---|---|\n";
  out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", s.total, s.passed, s.failed_code,
                     s.failed_config, s.failed_infra, s.skipped, s.flaky);
  for (FailureKind kind : {FailureKind::kCode, FailureKind::kConfig, FailureKind::kInfra}) {
    std::vector<const TestRecord*> failures;
    for (const auto& t : tests)
      if (t.failed_for(kind) ||
          (kind == FailureKind::kCode && t.outcome == TestOutcome::kFailed && !t.classification))
        failures.push_back(&t);
    if (failures.empty()) continue;
    out += fmt::format(
        "\n#### {}\n\n| test | category | what failed | where | attempts "
        "|\n|---|---|---|---|---|\n",
        kind == FailureKind::kCode     ? "Failed in code"
        : kind == FailureKind::kConfig ? "Failed for configuration (change the settings)"
                                       : "Failed for infrastructure (retry later)");
    std::string details;  // the whole message of each listed failure, collapsed
    for (size_t i = 0; i < failures.size() && i < max_listed; ++i) {
      const TestRecord& t = *failures[i];
      const auto& c = t.classification;
      const std::string evidence =
          c && c->evidence ? fmt::format("`{}`: {}", c->evidence->rule, t.summary()) : t.summary();
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", MarkdownCell(t.full_name()),
                         c ? c->category : "", MarkdownCell(evidence),
                         MarkdownCell(RelativeToWorkspace(t.location)), t.attempts);
      if (!t.message.empty())
        details +=
            fmt::format("<details><summary><code>{}</code></summary>\n\n```\n{}\n```\n</details>\n",
                        XmlEscape(t.full_name()), t.message.substr(0, 4000));
    }
    if (failures.size() > max_listed)
      out += fmt::format("\n…and {} more.\n", failures.size() - max_listed);
    if (!details.empty()) out += "\n" + details;
  }
  return out;
}

std::string InfrastructureFailureFile(const std::vector<TestRecord>& tests) {
  const TestSummary s = Summarize(tests);
  if (s.failed_infra == 0 || s.failed_code > 0 || s.failed_config > 0) return {};
  for (const auto& t : tests)
    if (t.failed_for(FailureKind::kInfra))
      return fmt::format("{}\n{} ({}): {}\n", t.classification->category, SummaryLine(tests),
                         t.full_name(), t.summary());
  return {};
}

}  // namespace preflight
