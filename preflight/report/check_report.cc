// Serialises a RunResult as JSON and JUnit XML.
#include "preflight/report/check_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "preflight/util/markdown.h"
#include "preflight/util/xml.h"

namespace preflight {
nlohmann::ordered_json CheckReportJson(const RunResult& result) {
  using nlohmann::ordered_json;
  const BypassDecision& bypass = result.bypass;
  ordered_json report = {
      {"schema", "preflight.check/v1"},
      {"status", result.cancelled ? std::string_view("interrupted") : ToString(result.status)},
      {"duration_ms", ToMilliseconds(result.duration)},
      {"bypass",
       {{"active", bypass.state == BypassState::kActive},
        {"expiry", bypass.expiry.empty() ? ordered_json(nullptr) : ordered_json(bypass.expiry)},
        {"flags", bypass.flags},
        {"ignored_reason", bypass.state == BypassState::kIgnored
                               ? ordered_json(bypass.ignored_reason)
                               : ordered_json(nullptr)}}},
      {"checks", ordered_json::array()}};
  for (const auto& check : result.checks) {
    ordered_json entry = {{"name", check.name},
                          {"type", check.type},
                          {"status", ToString(check.status)},
                          {"attempts", check.attempts},
                          {"probes", check.probes},
                          {"duration_ms", ToMilliseconds(check.duration)},
                          {"target", check.target},
                          {"endpoints", check.endpoints},
                          {"detail", check.detail},
                          {"ready", check.ready},
                          {"error", nullptr}};
    if (check.error)
      entry["error"] = {{"category", check.error->category}, {"message", check.error->message}};
    report["checks"].push_back(std::move(entry));
  }
  return report;
}

std::string CheckReportJunit(const RunResult& result, std::string_view suite_not_run) {
  int failures = 0, errors = 0, skipped = 0;
  std::string cases;
  // Under a live bypass a failed check is a warning: never a passing test case.
  const std::string bypass =
      result.bypass.state == BypassState::kActive
          ? fmt::format("EMERGENCY BYPASS active until {} ({}, set in {})", result.bypass.expiry,
                        fmt::join(result.bypass.flags, ", "), result.bypass.source)
          : "";
  for (const auto& check : result.checks) {
    cases += fmt::format("    <testcase classname=\"preflight.{}\" name=\"{}\" time=\"{:.3f}\"",
                         XmlEscape(check.type), XmlEscape(check.name), ToSeconds(check.duration));
    const std::string message = check.error ? XmlEscape(check.error->message) : "";
    const std::string category = check.error ? XmlEscape(check.error->category) : "";
    switch (check.status) {
      case CheckStatus::kFailed:
        if (check.error && IsConfigCategory(check.error->category)) {
          ++failures;
          cases += fmt::format(
              ">\n      <failure type=\"config\" message=\"{}\">{}</failure>\n    </testcase>\n",
              message, message);
        } else {
          ++errors;
          cases += fmt::format(
              ">\n      <error type=\"infra:{}\" message=\"{}\">{}</error>\n    </testcase>\n",
              category, message, message);
        }
        break;
      case CheckStatus::kSkipped:
        ++skipped;
        cases += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", message);
        break;
      case CheckStatus::kWarned:
        if (!bypass.empty() && check.error && !check.ready) {
          ++skipped;
          cases += fmt::format(
              ">\n      <skipped message=\"{}: failed, turned into a warning: {}\"/>\n    "
              "</testcase>\n",
              XmlEscape(bypass), message);
          break;
        }
        cases +=
            fmt::format(">\n      <system-out>warning ({}): {}</system-out>\n    </testcase>\n",
                        category, message);
        break;
      default:
        cases += "/>\n";
    }
  }
  const std::string counts =
      fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\"",
                  result.checks.size(), failures, errors, skipped, ToSeconds(result.duration));
  if (!suite_not_run.empty())
    cases += fmt::format("    <system-out>{}</system-out>\n", XmlEscape(suite_not_run));
  if (!bypass.empty())
    cases = fmt::format(
                "    <properties>\n      <property name=\"preflight.emergency_bypass\" "
                "value=\"{}\"/>\n    </properties>\n",
                XmlEscape(bypass)) +
            cases;
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"preflight\" {}>\n"
      "  <testsuite name=\"preflight\" {}>\n{}  </testsuite>\n</testsuites>\n",
      counts, counts, cases);
}

std::string FailedChecksLine(const RunResult& result) {
  std::string out;
  for (const auto& check : result.checks) {
    if (check.status != CheckStatus::kFailed) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", check.name, check.error ? check.error->category : "failed");
  }
  return out;
}

std::string PreflightFailedMarkdown(const RunResult& result, const Config& config, int exit_code) {
  std::string out = fmt::format(
      "### preflight: the suite did not run — the pre-flight failed: {} (exit {})\n\n{}\n\n"
      "| check | type | result | why | waited | attempts |\n|---|---|---|---|---|---|\n",
      FailedChecksLine(result), exit_code,
      exit_code == 2 ? "A check cannot pass by waiting: fix the config or the credentials."
                     : "Staging was not ready: this is not a code failure; retry later.");
  for (const auto& check : result.checks) {
    Duration budget{0};
    for (const auto& configured : config.checks)
      if (configured.name == check.name) budget = configured.budget();
    const std::string why = check.error
                                ? fmt::format("{}: {}", check.error->category, check.error->message)
                                : check.detail;
    out += fmt::format("| `{}` | {} | {} | {} | {} (budget {} per attempt) | {} |\n", check.name,
                       check.type, ToString(check.status), MarkdownCell(why, 300),
                       FormatElapsed(check.duration), FormatDuration(budget), check.attempts);
  }
  return out;
}

}  // namespace preflight
