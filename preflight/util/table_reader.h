// Typed, strict reads from one TOML table: wrong types, bad values and unknown keys become
// diagnostics with file:line:col, and reading goes on so that every error is reported.
#pragma once

#include <toml++/toml.h>
#include <expected>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "preflight/util/diagnostic.h"
#include "preflight/util/duration.h"

namespace preflight {

// Shared by every reader of one file: its name, its text (to quote lines) and the errors found.
struct ConfigSource {
  std::string path;
  std::string text;
  Diagnostics diagnostics;
  // Expands ${VAR} in a string value; returns an error message on failure.
  std::function<std::expected<std::string, std::string>(std::string_view)> expand;

  SourceLocation Locate(const toml::source_region& region) const;
  void Error(const toml::source_region& region, std::string message, std::string hint = {});
};

class TableReader {
 public:
  // `context` names the table in messages, e.g. "[checks.database]".
  TableReader(ConfigSource& source, const toml::table& table, std::string context,
              std::vector<std::string_view> known_keys);

  ConfigSource& source() { return source_; }
  const std::string& context() const { return context_; }
  bool Has(std::string_view key) const { return table_.contains(key); }
  const toml::node* Node(std::string_view key) const;

  // Each returns nullopt when the key is absent or wrong (the latter recorded as an error).
  std::optional<std::string> String(std::string_view key);     // ${VAR} expanded
  std::optional<std::string> RawString(std::string_view key);  // taken literally
  std::optional<Duration> DurationValue(std::string_view key,
                                        Duration minimum = std::chrono::milliseconds{1});
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::vector<std::string>> StringArray(std::string_view key);
  const toml::table* Table(std::string_view key);

  void Require(std::string_view key, std::string_view example);  // error if absent
  void Error(std::string_view key, std::string message, std::string hint = {});
  void ErrorAtNode(const toml::node& node, std::string message, std::string hint = {});

  // Reports keys not in `known_keys`, suggesting the closest known one.
  void RejectUnknownKeys();

 private:
  std::optional<std::string> ExpandAt(const toml::node& node, std::string value);
  bool ExpectType(std::string_view key, const toml::node& node, toml::node_type type,
                  std::string_view example);

  ConfigSource& source_;
  const toml::table& table_;
  std::string context_;
  std::vector<std::string_view> known_keys_;
};

std::string_view TomlTypeName(toml::node_type type);

}  // namespace preflight
