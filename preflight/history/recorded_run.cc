// Reading a run out of its report, and its context out of the CI's environment.
#include "preflight/history/recorded_run.h"

#include <fmt/format.h>

#include <algorithm>

#include "preflight/report/json_count.h"

namespace preflight {
namespace {

std::string ContentKey(std::string_view text) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a, the same on every machine
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return fmt::format("{:016x}-{}", hash, text.size());
}

// The informative lines of a failure (the values compared and what they were), joined on one
// line: not GoogleTest's framing ("Expected equality of these values:", "Failed").
std::string Excerpt(const std::string& text, size_t max = 200) {
  static constexpr std::string_view kFraming[] = {"Expected equality of these values:", "Failed",
                                                  "Expected: true", "Expected: false"};
  std::string out;
  for (size_t at = 0; at <= text.size() && out.size() < max;) {
    const size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line(text.data() + at, end - at);
    at = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty() || std::ranges::find(kFraming, line) != std::end(kFraming)) continue;
    if (!out.empty()) out += " · ";
    out += line;
  }
  if (out.size() > max) {
    while (max > 0 && (static_cast<unsigned char>(out[max]) & 0xC0) == 0x80) --max;  // UTF-8
    out = out.substr(0, max) + "…";
  }
  return out;
}

}  // namespace

std::expected<RecordedRun, std::string> RecordedRunFromReport(std::string_view text,
                                                              RunContext context) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return std::unexpected("not JSON: give the report of `preflight run --json`");
  if (json.value("schema", "") != "preflight.tests/v1")
    return std::unexpected(
        fmt::format("schema \"{}\", not preflight.tests/v1: give the report of "
                    "`preflight run --json`",
                    json.value("schema", "")));
  // A run is an event: its identity is the run that wrote the report, not its content (two runs
  // with the same results are two runs; the same file added twice is one).
  const bool identified = json.contains("run_id") && json["run_id"].is_string() &&
                          !json["run_id"].get<std::string>().empty();
  RecordedRun run{.key = identified ? "run:" + json["run_id"].get<std::string>() : ContentKey(text),
                  .context = std::move(context)};
  try {
    const auto& s = json.at("summary");
    run.total = JsonCount(s, "total");
    run.passed = JsonCount(s, "passed");
    run.failed_code = JsonCount(s, "failed_code");
    run.failed_config = JsonCount(s, "failed_config");
    run.failed_infra = JsonCount(s, "failed_infra");
    run.skipped = JsonCount(s, "skipped");
    run.flaky = JsonCount(s, "flaky");
    if (json.contains("not_run") && json["not_run"].is_string()) run.not_run = json["not_run"];
    for (const auto& t : json.at("tests")) {
      const std::string outcome = t.at("outcome");
      const int attempts = JsonCount(t, "attempts", 1);
      if (outcome == "passed" && attempts <= 1) continue;
      RecordedTest test{.name = t.at("name"), .outcome = outcome, .attempts = attempts};
      if (t.contains("failure_kind") && t["failure_kind"].is_string())
        test.kind = t["failure_kind"];
      if (t.contains("category") && t["category"].is_string()) test.category = t["category"];
      if (t.contains("evidence") && t["evidence"].is_object())
        test.summary = Excerpt(t["evidence"].value("text", ""));
      else if (t.contains("message") && t["message"].is_string())
        test.summary = Excerpt(t["message"]);
      else if (t.contains("skip_reason") && t["skip_reason"].is_string())
        test.summary = Excerpt(t["skip_reason"]);
      run.tests.push_back(std::move(test));
    }
    const auto& preflight = json.at("preflight");
    if (preflight.is_object()) {
      run.preflight_status = preflight.value("status", "");
      run.bypass_active =
          preflight.contains("bypass") && preflight["bypass"].value("active", false);
      for (const auto& c : preflight.at("checks")) {
        RecordedCheck check{.name = c.at("name"),
                            .type = c.at("type"),
                            .status = c.at("status"),
                            .attempts = JsonCount(c, "attempts", 0),
                            .duration_ms = c.value("duration_ms", 0.0)};
        if (c.contains("error") && c["error"].is_object())
          check.category = c["error"].value("category", "");
        run.checks.push_back(std::move(check));
      }
    }
  } catch (const nlohmann::json::exception& error) {
    return std::unexpected(fmt::format("not a whole preflight.tests/v1 report: {}", error.what()));
  }
  return run;
}

RunContext RunContextFromEnvironment(const VariableGetter& variable, std::string host) {
  auto first = [&](std::initializer_list<const char*> names) {
    for (const char* name : names)
      if (auto value = variable(name); value && !value->empty()) return *value;
    return std::string();
  };
  RunContext context;
  context.commit =
      first({"PREFLIGHT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "GIT_COMMIT"});
  context.branch = first({"PREFLIGHT_BRANCH", "GITHUB_HEAD_REF", "GITHUB_REF_NAME",
                          "CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH", "BRANCH_NAME"});
  context.job =
      first({"PREFLIGHT_RUN_NAME", "CI_JOB_ID", "GITHUB_RUN_ID", "BUILDKITE_JOB_ID", "BUILD_TAG"});
  context.shard = first({"GTEST_SHARD_INDEX", "CI_NODE_INDEX", "BUILDKITE_PARALLEL_JOB"});
  context.host = std::move(host);
  return context;
}

}  // namespace preflight
