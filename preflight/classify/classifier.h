// Decides whether a test failure is `infra` or `code`, with the evidence that decided it.
// Code unless there is positive evidence of infrastructure: explicit tags first, then code rules
// (which win), then infrastructure rules, applied only to evidence text, never to expressions.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/classify/rules.h"

namespace preflight {

struct Evidence {
  std::string rule;
  std::string text;  // the line that matched
  TextKind where = TextKind::kMessage;
};

struct Classification {
  FailureKind kind = FailureKind::kCode;
  std::string category;  // e.g. "connect"; "assertion" or "exception" for plain code failures
  std::optional<Evidence> evidence;   // the rule that decided, if any
  std::optional<Evidence> near_miss;  // an infra rule that matched only the test's own source text
};

class Classifier {
 public:
  // `user_rules` come first and take precedence over the built-in ones of the same kind.
  static std::expected<Classifier, std::string> Create(std::vector<Rule> user_rules = {});
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

  Classification Classify(std::string_view failure_message) const;

 private:
  struct Compiled;
  explicit Classifier(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace preflight
