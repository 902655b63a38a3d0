// `preflight classify`: runs the listener's classifier on messages from stdin, to debug rules.
#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "preflight/classify/classifier.h"
#include "preflight/classify/combine.h"
#include "preflight/classify/degraded_dependencies.h"
#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report_reader.h"

namespace preflight::cli {
namespace {

nlohmann::ordered_json ToJson(const Classification& c) {
  nlohmann::ordered_json out = {{"kind", ToString(c.kind)},
                                {"category", c.category},
                                {"rule", c.evidence ? c.evidence->rule : ""},
                                {"evidence", c.evidence ? c.evidence->text : ""}};
  if (c.near_miss) out["near_miss"] = {{"rule", c.near_miss->rule}, {"text", c.near_miss->text}};
  return out;
}

// As for a run's tests: 1 if any message is code, else 2 if any is config, else 75 if any is
// infra, else 0 (no message).
int ExitCodeOf(const std::vector<FailureKind>& kinds) {
  auto any = [&](FailureKind kind) { return std::ranges::find(kinds, kind) != kinds.end(); };
  if (any(FailureKind::kCode)) return kExitCodeFailure;
  if (any(FailureKind::kConfig)) return kExitUsage;
  if (any(FailureKind::kInfra)) return kExitInfra;
  return kExitOk;
}

}  // namespace

int Classify(const ClassifyOptions& options) {
  std::vector<Rule> user_rules;
  if (!options.rules_path.empty()) {
    auto rules = LoadRules(options.rules_path);
    if (!rules) {
      fmt::print(stderr, "{}", FormatDiagnostics(rules.error()));
      return kExitUsage;
    }
    user_rules = std::move(*rules);
  }
  auto classifier = Classifier::Create(std::move(user_rules));
  if (!classifier) {
    fmt::print(stderr, "preflight classify: {}\n", classifier.error());
    return kExitUsage;
  }
  std::vector<DegradedDependency> degraded;
  if (!options.check_report_path.empty()) {
    auto report = ReadCheckReport(options.check_report_path);
    if (!report) {
      fmt::print(stderr, "preflight classify: {}\n", report.error());
      return kExitUsage;
    }
    try {
      degraded = DegradedDependencies(*report);
    } catch (const nlohmann::json::exception& error) {
      fmt::print(stderr, "preflight classify: {}: {}\n", options.check_report_path, error.what());
      return kExitUsage;
    }
  }
  // A test's failures as the listener joins them (a line of `---` between two), decided by the
  // same combination rule.
  auto classify = [&](std::string_view message) {
    std::vector<Classification> each;
    for (size_t start = 0;;) {
      const size_t separator = message.find("\n---\n", start);
      each.push_back(classifier->Classify(message.substr(start, separator - start)));
      if (separator == std::string_view::npos) break;
      start = separator + 5;
    }
    Classification c = CombineFailures(std::move(each));
    AttributeToDegradedDependency(c, message, degraded);
    return c;
  };
  if (!options.jsonl) {
    std::string message(std::istreambuf_iterator<char>(std::cin), {});
    if (message.find_first_not_of(" \t\r\n") == std::string::npos) {
      fmt::print(stderr,
                 "preflight classify: no message on stdin; pipe one in, e.g. echo "
                 "'Connection refused' | preflight classify\n");
      return kExitUsage;
    }
    Classification c = classify(message);
    fmt::print("{} {}{}\n", ToString(c.kind), c.category,
               c.evidence ? fmt::format(" (rule {})", c.evidence->rule) : "");
    if (c.evidence) fmt::print("evidence: {}\n", c.evidence->text);
    if (c.near_miss) fmt::print("near miss: {} {}\n", c.near_miss->rule, c.near_miss->text);
    return ExitCodeOf({c.kind});
  }
  std::string line;
  int line_number = 0, status = kExitOk;
  std::vector<FailureKind> kinds;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto input = nlohmann::json::parse(line, nullptr, false);
    std::string message;
    if (input.is_string()) {
      message = input.get<std::string>();
    } else if (input.is_object() && input.contains("message") && input["message"].is_string()) {
      message = input["message"].get<std::string>();
    } else {
      fmt::print(stderr,
                 "stdin:{}: error: expected a JSON string or an object with a \"message\" string\n",
                 line_number);
      status = kExitUsage;
      continue;
    }
    const Classification c = classify(message);
    kinds.push_back(c.kind);
    fmt::print("{}\n", ToJson(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return status != kExitOk ? status : ExitCodeOf(kinds);
}

}  // namespace preflight::cli
