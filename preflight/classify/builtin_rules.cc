// The built-in rules, made from the table of known library errors. Kept apart from the TOML
// reader so that the build-time atom generator (rule_atoms_main.cc) can link it alone.
#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "preflight/classify/error_tables.h"
#include "preflight/classify/rules.h"

namespace preflight {

const std::vector<Rule>& BuiltinRules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> rules = {
        {"explicit.scope", "", FailureKind::kInfra, {R"(\[preflight:infra:([a-z0-9_]+)\])"}}};
    for (const KnownError& error : KnownErrors()) {
      // "libcurl.connect" for infrastructure, "libpq.config.credentials", "http.code.http_4xx".
      const std::string name =
          error.kind == FailureKind::kInfra
              ? fmt::format("{}.{}", error.source, error.category)
              : fmt::format("{}.{}.{}", error.source, ToString(error.kind), error.category);
      auto rule = std::find_if(rules.begin(), rules.end(),
                               [&](const Rule& existing) { return existing.name == name; });
      if (rule == rules.end())
        rule = rules.insert(rules.end(), {name, std::string(error.category), error.kind, {}});
      rule->patterns.push_back(
          error.match == KnownError::kPattern
              ? std::string(error.text)
              : RE2::QuoteMeta(re2::StringPiece(error.text.data(), error.text.size())));
      if (IsSymbolicName(error.name))
        rule->patterns.push_back(fmt::format(R"(\b{}\b)", error.name));
    }
    return rules;
  }();
  return kRules;
}

}  // namespace preflight
