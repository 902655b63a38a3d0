// Classification rules as data: the built-in set (real libraries' infrastructure error texts,
// and texts that prove a code failure) and user rules from TOML.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/classify/failure_kind.h"
#include "preflight/classify/failure_message.h"
#include "preflight/util/diagnostic.h"

namespace preflight {

struct Rule {
  std::string name;      // e.g. "libcurl.couldnt_connect"
  std::string category;  // e.g. "connect"
  FailureKind kind = FailureKind::kInfra;
  std::vector<std::string> patterns;  // RE2 syntax; any one matching is enough
  std::vector<TextKind> applies_to;   // empty: message and exception (a trace only when listed)
};

// The built-in rules, made from the table of known library errors (error_tables.h): one rule per
// source, kind and category, e.g. "libcurl.connect", "postgres.credentials". Code rules (SQL
// syntax/constraint/data errors, HTTP 4xx) win over config rules, which win over infra rules.
const std::vector<Rule>& BuiltinRules();

// Reads `[[rule]]` tables: name, category, kind ("infra"|"config"|"code"), patterns, applies_to
// (["message", "exception", "trace"]). Every problem is a diagnostic with file:line.
std::expected<std::vector<Rule>, Diagnostics> LoadRules(const std::string& path);

}  // namespace preflight
