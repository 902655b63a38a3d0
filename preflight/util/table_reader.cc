// Strict typed access to TOML tables, collecting diagnostics instead of stopping at the first.
#include "preflight/util/table_reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

#include "preflight/util/suggest.h"

namespace preflight {

std::string_view TomlTypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

SourceLocation ConfigSource::Locate(const toml::source_region& region) const {
  return {path, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

void ConfigSource::Error(const toml::source_region& region, std::string message, std::string hint) {
  SourceLocation where = Locate(region);
  diagnostics.push_back({where, std::move(message), std::move(hint), LineOf(text, where.line)});
}

TableReader::TableReader(ConfigSource& source, const toml::table& table, std::string context,
                         std::vector<std::string_view> known_keys)
    : source_(source),
      table_(table),
      context_(std::move(context)),
      known_keys_(std::move(known_keys)) {}

const toml::node* TableReader::Node(std::string_view key) const {
  return table_.get(key);
}

void TableReader::Error(std::string_view key, std::string message, std::string hint) {
  const toml::node* node = Node(key);
  source_.Error(node ? node->source() : table_.source(), std::move(message), std::move(hint));
}

void TableReader::ErrorAtNode(const toml::node& node, std::string message, std::string hint) {
  source_.Error(node.source(), std::move(message), std::move(hint));
}

void TableReader::Require(std::string_view key, std::string_view example) {
  if (!Has(key))
    source_.Error(table_.source(),
                  fmt::format("{} is missing the required key `{}`", context_, key),
                  fmt::format("add: {}", example));
}

bool TableReader::ExpectType(std::string_view key, const toml::node& node, toml::node_type type,
                             std::string_view example) {
  if (node.type() == type) return true;
  ErrorAtNode(node,
              fmt::format("`{}` in {} must be {}, not {}", key, context_, TomlTypeName(type),
                          TomlTypeName(node.type())),
              fmt::format("write it like: {} = {}", key, example));
  return false;
}

std::optional<std::string> TableReader::ExpandAt(const toml::node& node, std::string value) {
  auto expanded = source_.expand(value);
  if (!expanded) {
    ErrorAtNode(node, expanded.error());
    return std::nullopt;
  }
  return std::move(*expanded);
}

std::optional<std::string> TableReader::RawString(std::string_view key) {
  const toml::node* node = Node(key);
  if (!node || !ExpectType(key, *node, toml::node_type::string, "\"...\"")) return std::nullopt;
  return node->as_string()->get();
}

std::optional<std::string> TableReader::String(std::string_view key) {
  auto raw = RawString(key);
  if (!raw) return std::nullopt;
  return ExpandAt(*Node(key), std::move(*raw));
}

std::optional<Duration> TableReader::DurationValue(std::string_view key, Duration minimum) {
  const toml::node* node = Node(key);
  if (!node) return std::nullopt;
  if (node->is_integer() || node->is_floating_point()) {
    ErrorAtNode(*node, fmt::format("`{}` in {} needs a unit", key, context_),
                fmt::format("durations are strings with a unit: {} = \"{}s\"", key,
                            node->is_integer() ? node->as_integer()->get() : 30));
    return std::nullopt;
  }
  auto text = String(key);
  if (!text) return std::nullopt;
  auto duration = ParseDuration(*text);
  if (!duration) {
    ErrorAtNode(*node, fmt::format("`{}` in {}: {}", key, context_, duration.error()),
                "use a number and a unit: \"250ms\", \"45s\", \"5m\"");
    return std::nullopt;
  }
  if (*duration < minimum) {
    ErrorAtNode(*node, fmt::format("`{}` in {} must be at least {}", key, context_,
                                   FormatDuration(minimum)));
    return std::nullopt;
  }
  return *duration;
}

std::optional<int64_t> TableReader::Integer(std::string_view key, int64_t min, int64_t max) {
  const toml::node* node = Node(key);
  if (!node || !ExpectType(key, *node, toml::node_type::integer, std::to_string(min)))
    return std::nullopt;
  int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    ErrorAtNode(*node,
                fmt::format("`{}` in {} is {}, outside {}..{}", key, context_, value, min, max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TableReader::Bool(std::string_view key) {
  const toml::node* node = Node(key);
  if (!node || !ExpectType(key, *node, toml::node_type::boolean, "true")) return std::nullopt;
  return node->as_boolean()->get();
}

std::optional<std::vector<std::string>> TableReader::StringArray(std::string_view key) {
  const toml::node* node = Node(key);
  if (!node || !ExpectType(key, *node, toml::node_type::array, "[\"...\"]")) return std::nullopt;
  std::vector<std::string> values;
  bool ok = true;
  for (const toml::node& element : *node->as_array()) {
    if (!element.is_string()) {
      ErrorAtNode(element,
                  fmt::format("`{}` in {} must hold strings, not {}", key, context_,
                              TomlTypeName(element.type())),
                  "quote each element: [\"a\", \"b\"]");
      ok = false;
      continue;
    }
    auto value = ExpandAt(element, element.as_string()->get());
    if (value)
      values.push_back(std::move(*value));
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return values;
}

const toml::table* TableReader::Table(std::string_view key) {
  const toml::node* node = Node(key);
  if (!node || !ExpectType(key, *node, toml::node_type::table, "{ key = \"value\" }"))
    return nullptr;
  return node->as_table();
}

void TableReader::RejectUnknownKeys() {
  for (auto&& [key, node] : table_) {
    if (std::find(known_keys_.begin(), known_keys_.end(), key.str()) != known_keys_.end()) continue;
    std::string fallback = fmt::format("known keys here: {}", fmt::join(known_keys_, ", "));
    source_.Error(key.source(), fmt::format("unknown key `{}` in {}", key.str(), context_),
                  DidYouMean(key.str(), known_keys_, fallback));
  }
}

}  // namespace preflight
