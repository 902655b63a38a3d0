// `preflight classify`: runs the listener's classifier on messages from stdin, to debug rules.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "preflight/classify/classifier.h"
#include "preflight/classify/combine.h"
#include "preflight/classify/degraded_dependencies.h"
#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report_reader.h"
#include "preflight/util/json_text.h"

namespace preflight::cli {
namespace {

// As for a run's tests: 1 if any message is code, else 2 if any is config, else 75 if any is
// infra, else 0 (no message).
int ExitCodeOf(const std::vector<FailureKind>& kinds) {
  auto any = [&](FailureKind kind) { return std::ranges::find(kinds, kind) != kinds.end(); };
  if (any(FailureKind::kCode)) return kExitCodeFailure;
  if (any(FailureKind::kConfig)) return kExitUsage;
  if (any(FailureKind::kInfra)) return kExitInfra;
  return kExitOk;
}

// One result line of --jsonl: {"kind", "category", "rule", "evidence"[, "near_miss"]}.
void AppendResultJson(std::string& out, const Classification& c) {
  out += "{\"kind\":";
  AppendJsonString(out, ToString(c.kind));
  out += ",\"category\":";
  AppendJsonString(out, c.category);
  out += ",\"rule\":";
  AppendJsonString(out, c.evidence ? c.evidence->rule : "");
  out += ",\"evidence\":";
  AppendJsonString(out, c.evidence ? c.evidence->text : "");
  if (c.near_miss) {
    out += ",\"near_miss\":{\"rule\":";
    AppendJsonString(out, c.near_miss->rule);
    out += ",\"text\":";
    AppendJsonString(out, c.near_miss->text);
    out += '}';
  }
  out += "}\n";
}

// The message of one input line: a JSON string, or an object with a "message" string.
std::optional<std::string> MessageOf(std::string_view line) {
  if (auto text = ReadJsonString(line)) return text;  // the common case, without a JSON tree
  auto input = nlohmann::json::parse(line, nullptr, false);
  if (input.is_string()) return input.get<std::string>();
  if (input.is_object() && input.contains("message") && input["message"].is_string())
    return input["message"].get<std::string>();
  return std::nullopt;
}

// What the lines of one share of a block gave: their results in order, errors, kinds seen.
struct JsonlShare {
  std::string out, errors;
  std::vector<FailureKind> kinds;
  bool bad_input = false;
};

// --jsonl: stdin read in blocks of whole lines, each block classified by one thread per core
// (the classifier is shared and thread-safe), the results written in input order.
int ClassifyJsonl(const std::function<Classification(std::string_view)>& classify) {
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<char> buffer(1 << 20);
  std::string pending;  // read, not yet classified: whole lines and then a partial one
  size_t lines_before = 0;
  bool bad_input = false;
  std::vector<FailureKind> kinds;
  for (bool eof = false; !eof;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      eof = true;
    else
      pending.append(buffer.data(), static_cast<size_t>(n));
    const size_t last_newline = pending.rfind('\n');
    const size_t whole = eof                                 ? pending.size()
                         : last_newline == std::string::npos ? 0
                                                             : last_newline + 1;
    if (whole == 0) continue;
    std::vector<std::string_view> lines;
    for (size_t at = 0; at < whole;) {
      const size_t end = std::min(pending.find('\n', at), whole);
      lines.emplace_back(pending.data() + at, end - at);
      at = end + 1;
    }
    std::vector<JsonlShare> shares(std::min(workers, lines.size()));
    auto work = [&](size_t share) {
      JsonlShare& mine = shares[share];
      const size_t from = lines.size() * share / shares.size();
      const size_t to = lines.size() * (share + 1) / shares.size();
      for (size_t i = from; i < to; ++i) {
        const std::string_view line = lines[i];
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        auto message = MessageOf(line);
        if (!message) {
          mine.errors += fmt::format(
              "stdin:{}: error: expected a JSON string or an object with a \"message\" string\n",
              lines_before + i + 1);
          mine.bad_input = true;
          continue;
        }
        const Classification c = classify(*message);
        mine.kinds.push_back(c.kind);
        AppendResultJson(mine.out, c);
      }
    };
    std::vector<std::thread> threads;
    for (size_t share = 1; share < shares.size(); ++share) threads.emplace_back(work, share);
    if (!shares.empty()) work(0);
    for (auto& thread : threads) thread.join();
    for (const auto& share : shares) {
      std::fwrite(share.out.data(), 1, share.out.size(), stdout);
      std::fputs(share.errors.c_str(), stderr);
      bad_input = bad_input || share.bad_input;
      kinds.insert(kinds.end(), share.kinds.begin(), share.kinds.end());
    }
    lines_before += lines.size();
    pending.erase(0, whole);
  }
  std::fflush(stdout);
  return bad_input ? kExitUsage : ExitCodeOf(kinds);
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
  return ClassifyJsonl(classify);
}

}  // namespace preflight::cli
