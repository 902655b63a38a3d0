// Topological ordering of checks by `after`, with clear errors for dangling names and cycles.
#include "preflight/config/check_graph.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <map>

#include "preflight/util/suggest.h"

namespace preflight {
namespace {

void ReportAt(ConfigSource& source, const SourceLocation& where, std::string message,
              std::string hint) {
  source.diagnostics.push_back(
      {where, std::move(message), std::move(hint), LineOf(source.text, where.line)});
}

// Follows `after` edges among `remaining` checks until a name repeats: that is a cycle.
std::vector<std::string> FindCycle(const std::vector<Check>& checks,
                                   const std::vector<bool>& remaining,
                                   const std::map<std::string, size_t, std::less<>>& index) {
  size_t start = std::find(remaining.begin(), remaining.end(), true) - remaining.begin();
  std::vector<std::string> path;
  std::vector<size_t> position(checks.size(), SIZE_MAX);
  for (size_t current = start;;) {
    if (position[current] != SIZE_MAX) {
      std::vector<std::string> cycle(path.begin() + position[current], path.end());
      cycle.push_back(checks[current].name);
      return cycle;
    }
    position[current] = path.size();
    path.push_back(checks[current].name);
    for (const auto& name : checks[current].after) {
      auto it = index.find(name);
      if (it != index.end() && remaining[it->second]) {
        current = it->second;
        break;
      }
    }
  }
}

}  // namespace

void OrderChecks(ConfigSource& source, std::vector<Check>& checks) {
  std::map<std::string, size_t, std::less<>> index;
  for (size_t i = 0; i < checks.size(); ++i) index[checks[i].name] = i;
  std::vector<std::string_view> names;
  for (const auto& check : checks) names.push_back(check.name);

  bool dangling = false;
  for (auto& check : checks) {
    for (const auto& name : check.after) {
      if (index.contains(name)) continue;
      dangling = true;
      ReportAt(source, check.after_where,
               fmt::format("[checks.{}] runs after \"{}\", but there is no check of that name",
                           check.name, name),
               DidYouMean(name, names, fmt::format("the checks are: {}", fmt::join(names, ", "))));
    }
  }
  if (dangling) return;

  // Kahn's algorithm, always taking the earliest ready check in file order.
  std::vector<Check> ordered;
  std::vector<bool> remaining(checks.size(), true);
  while (ordered.size() < checks.size()) {
    size_t ready = checks.size();
    for (size_t i = 0; i < checks.size() && ready == checks.size(); ++i) {
      if (!remaining[i]) continue;
      bool blocked = std::any_of(checks[i].after.begin(), checks[i].after.end(),
                                 [&](const std::string& n) { return remaining[index[n]]; });
      if (!blocked) ready = i;
    }
    if (ready == checks.size()) {
      std::vector<std::string> cycle = FindCycle(checks, remaining, index);
      const Check& first = checks[index[cycle.front()]];
      ReportAt(source, first.after_where,
               fmt::format("checks wait for each other in a cycle: {}", fmt::join(cycle, " → ")),
               "remove one of these names from `after` so that the checks can start");
      return;
    }
    remaining[ready] = false;
    ordered.push_back(checks[ready]);
  }
  checks = std::move(ordered);
}

Duration WorstCase(const Check& check) {
  const int attempts = std::max(check.retry.attempts, 1);
  return attempts * check.budget() + (attempts - 1) * check.retry.delay;
}

Duration DeriveDeadline(const std::vector<Check>& ordered_checks) {
  std::map<std::string, Duration, std::less<>> finish;
  Duration longest{0};
  for (const auto& check : ordered_checks) {
    Duration start{0};
    for (const auto& name : check.after)
      if (auto it = finish.find(name); it != finish.end()) start = std::max(start, it->second);
    finish[check.name] = start + WorstCase(check);
    longest = std::max(longest, finish[check.name]);
  }
  return longest + kDeadlineMargin;
}

}  // namespace preflight
