// The three kinds of test failure, one semantics for the whole product (check, the listener,
// classify, run and every report):
//   infra  — the environment failed in a way that waiting or retrying can fix;
//   config — the run's settings are wrong: the same run fails the same way until a person
//            changes them (credentials, a missing database or role, an invalid option, TLS name);
//   code   — everything else: the code under test or the test itself.
#pragma once

#include <optional>
#include <string_view>

namespace preflight {

enum class FailureKind { kInfra, kConfig, kCode };

constexpr std::string_view ToString(FailureKind kind) {
  switch (kind) {
    case FailureKind::kInfra:
      return "infra";
    case FailureKind::kConfig:
      return "config";
    case FailureKind::kCode:
      return "code";
  }
  return "code";
}

constexpr std::optional<FailureKind> ParseFailureKind(std::string_view text) {
  for (FailureKind kind : {FailureKind::kInfra, FailureKind::kConfig, FailureKind::kCode})
    if (ToString(kind) == text) return kind;
  return std::nullopt;
}

}  // namespace preflight
