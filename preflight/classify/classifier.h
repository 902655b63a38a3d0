// Decides whether a test failure is `infra`, `config` or `code`, with the evidence that decided
// it. Code unless there is positive evidence: explicit tags first; then what the test expected
// (an error text or a 5xx on the expected side means the test was about that error: code); then
// code rules, config rules and infrastructure rules, applied only to what the code produced,
// never to the test's own expressions; then the structure of a status comparison
// (`response.status` was 503 where 200 was expected: infra).
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/classify/network_stage.h"
#include "preflight/classify/rules.h"

namespace preflight {

struct Evidence {
  std::string rule;
  std::string text;  // the line that matched, passwords redacted
  TextKind where = TextKind::kMessage;
};

struct Classification {
  FailureKind kind = FailureKind::kCode;
  std::string category;  // e.g. "connect"; "assertion" or "exception" for plain code failures
  std::optional<Evidence> evidence;   // the rule that decided, if any
  std::optional<Evidence> near_miss;  // an infra rule that matched only the test's own source text
  // The assertion checked that a call succeeded (it expected CONNECTION_OK, 0, 200, true) or a
  // value the code produced looks like what a failed call returns (false, -1, null, empty).
  bool looks_like_failed_call = false;
  // The stage the test's expected side names (it expected `401`, `Error::ConnectionTimeout`,
  // "Connection refused", or compared with CURLE_COULDNT_RESOLVE_HOST), and that text: what the
  // test was testing. Never evidence; it says which evidence comes too early to count.
  std::optional<NetworkStage> tested_stage;
  std::string tested_text;
  // One comparison of two integers, `EXPECT_EQ(28, res.code)` showing 7: {28, 7}. They name no
  // stage by themselves; read as a library's codes, they may (network_evidence.h).
  std::optional<std::pair<long, long>> compared_numbers;

  // A code failure with nothing that decided it: the test's text carries no evidence at all
  // (`Value of: reply.ok  Actual: false`). Other evidence (the network, the pre-flight) may speak.
  bool bare() const { return kind == FailureKind::kCode && !evidence; }
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

// The kind the built-in rules give a library's own error text (a probe's, in `preflight check`):
// the same semantics as for a test's failure. Thread-safe; the rules are compiled on first use.
FailureKind KindOfErrorText(std::string_view text);

}  // namespace preflight
