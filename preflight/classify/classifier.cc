// RE2::Set over every pattern (one linear-time pass per text part), then the winning rule's own
// regex to extract the evidence line.
#include "preflight/classify/classifier.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <algorithm>
#include <mutex>

namespace preflight {
namespace {

constexpr int64_t kRe2Memory = 64 << 20;  // enough DFA memory for megabyte-long messages

bool AppliesTo(const Rule& rule, TextKind kind) {
  if (kind == TextKind::kExpression) return false;
  return rule.applies_to.empty() ||
         std::find(rule.applies_to.begin(), rule.applies_to.end(), kind) != rule.applies_to.end();
}

}  // namespace

struct Classifier::Compiled {
  std::vector<Rule> rules;
  RE2::Options options;
  // Per rule, per pattern; compiled when the rule first decides a failure (most never do).
  mutable std::vector<std::vector<std::unique_ptr<RE2>>> regexes;
  std::unique_ptr<std::once_flag[]> compiled_once;
  std::unique_ptr<RE2::Set> set;
  std::vector<size_t> pattern_rule;  // set index → rule index
};

Classifier::Classifier(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

std::expected<Classifier, std::string> Classifier::Create(std::vector<Rule> user_rules) {
  auto compiled = std::make_unique<Compiled>();
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRe2Memory);
  compiled->options = options;
  compiled->set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  compiled->rules = std::move(user_rules);
  const auto& builtin = BuiltinRules();
  compiled->rules.insert(compiled->rules.end(), builtin.begin(), builtin.end());
  for (size_t r = 0; r < compiled->rules.size(); ++r) {
    compiled->regexes.emplace_back();
    for (const auto& pattern : compiled->rules[r].patterns) {
      std::string error;
      if (compiled->set->Add(pattern, &error) < 0)
        return std::unexpected(fmt::format("rule {}: invalid pattern \"{}\": {}",
                                           compiled->rules[r].name, pattern, error));
      compiled->pattern_rule.push_back(r);
    }
  }
  if (!compiled->set->Compile())
    return std::unexpected("cannot compile the classification rules (out of memory)");
  compiled->compiled_once = std::make_unique<std::once_flag[]>(compiled->rules.size());
  return Classifier(std::move(compiled));
}

Classification Classifier::Classify(std::string_view message) const {
  const Compiled& c = *compiled_;
  const std::vector<TextPart> parts = SplitFailureMessage(message);
  // Best match per rule: (part index) of the first part where it matched. The test's own
  // expressions are never evidence: they are searched only for a near miss, when nothing else
  // decided.
  std::vector<int> matched_part(c.rules.size(), -1);
  std::vector<int> hits;
  hits.reserve(16);
  for (size_t p = 0; p < parts.size(); ++p) {
    hits.clear();
    if (parts[p].kind == TextKind::kExpression || !c.set->Match(parts[p].text, &hits)) continue;
    for (int hit : hits) {
      const size_t r = c.pattern_rule[hit];
      if (AppliesTo(c.rules[r], parts[p].kind) && matched_part[r] < 0)
        matched_part[r] = static_cast<int>(p);
    }
  }
  auto evidence_of = [&](size_t r, std::string* capture) {
    std::call_once(c.compiled_once[r], [&] {
      for (const auto& pattern : c.rules[r].patterns)
        c.regexes[r].push_back(std::make_unique<RE2>(pattern, c.options));
    });
    const TextPart& part = parts[matched_part[r]];
    for (const auto& re : c.regexes[r]) {
      re2::StringPiece input(part.text), match;
      if (re->Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) {
        if (capture != nullptr && re->NumberOfCapturingGroups() >= 1)
          RE2::PartialMatch(part.text, *re, capture);
        return Evidence{c.rules[r].name, LineAround(part.text, match.data() - part.text.data()),
                        part.kind};
      }
    }
    return Evidence{c.rules[r].name, LineAround(part.text, 0), part.kind};
  };

  Classification result;
  // 1. Explicit tags, 2. code rules, 3. infrastructure rules, each in rule order.
  for (int pass = 0; pass < 3 && !result.evidence; ++pass) {
    for (size_t r = 0; r < c.rules.size() && !result.evidence; ++r) {
      if (matched_part[r] < 0) continue;
      const Rule& rule = c.rules[r];
      const bool explicit_tag = rule.name == "explicit.scope";
      if ((pass == 0) != explicit_tag) continue;
      if (pass == 1 && rule.kind != FailureKind::kCode) continue;
      if (pass == 2 && rule.kind != FailureKind::kInfra) continue;
      std::string tagged_category;
      result.evidence = evidence_of(r, explicit_tag ? &tagged_category : nullptr);
      result.kind = rule.kind;
      result.category = explicit_tag ? tagged_category : rule.category;
    }
  }
  if (!result.evidence) {
    const bool thrown = std::any_of(parts.begin(), parts.end(), [](const TextPart& p) {
      return p.kind == TextKind::kException;
    });
    result.category = thrown ? "exception" : "assertion";
    for (size_t p = 0; p < parts.size() && !result.near_miss; ++p) {
      hits.clear();
      if (parts[p].kind != TextKind::kExpression || !c.set->Match(parts[p].text, &hits)) continue;
      for (int hit : hits) {
        const Rule& rule = c.rules[c.pattern_rule[hit]];
        if (rule.kind != FailureKind::kInfra) continue;
        result.near_miss = Evidence{rule.name, "", TextKind::kExpression};
        result.near_miss->text = "matched the test's own source text, which is not evidence: " +
                                 LineAround(parts[p].text, 0);
        break;
      }
    }
  }
  return result;
}

}  // namespace preflight
