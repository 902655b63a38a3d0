// A `[checks.NAME]` table: the keys every check has, then its type's own (preflight/checks/).
#include "preflight/config/check_parsers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "preflight/util/suggest.h"

namespace preflight {
namespace {

bool IsValidCheckName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

std::optional<Check> ParseCheck(ConfigSource& source, const std::string& name,
                                const toml::node& node, const RetryPolicy& retry,
                                Redactor& redactor) {
  const std::string context = fmt::format("[checks.{}]", name);
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    source.Error(node.source(),
                 fmt::format("checks.{} must be a table, not {}", name, TomlTypeName(node.type())),
                 fmt::format("write it as a table: [checks.{}] with type = \"http\" ...", name));
    return std::nullopt;
  }
  if (!IsValidCheckName(name))
    source.Error(
        node.source(),
        fmt::format("check name \"{}\" has characters other than letters, digits, _ - .", name));

  TableReader type_reader(source, *table, context, {});
  const std::string type_names = fmt::format("{}", fmt::join(CheckTypeNames(), ", "));
  type_reader.Require("type", fmt::format("type = \"http\" (the types: {})", type_names));
  auto type = type_reader.RawString("type");
  if (!type) return std::nullopt;

  Check check{.name = name, .retry = retry, .where = source.Locate(table->source())};
  auto spec = NewCheckSpec(*type);
  if (!spec) {
    type_reader.Error("type", fmt::format("unknown check type \"{}\"", *type),
                      DidYouMean(*type, CheckTypeNames(), "the types are " + type_names));
    return std::nullopt;
  }
  check.spec = std::move(*spec);
  std::vector<std::string_view> keys = CheckKeys(check.spec);
  TableReader reader(source, *table, context, std::move(keys));
  if (auto after = reader.StringArray("after")) {
    check.after = std::move(*after);
    check.after_where = source.Locate(reader.Node("after")->source());
  }
  if (auto required = reader.Bool("required")) check.required = *required;
  if (auto interval = reader.DurationValue("poll_interval")) {
    if (*interval < kMinPollInterval || *interval > kLongestPollInterval)
      reader.Error("poll_interval",
                   fmt::format("poll_interval {} is out of range: give 20ms to 1m",
                               FormatDuration(*interval)),
                   "poll_interval = \"200ms\"");
    else
      check.poll_interval = *interval;
  }
  check.warn_after = reader.DurationValue("warn_after");
  check.critical_after = reader.DurationValue("critical_after");
  if (check.warn_after && check.critical_after && *check.critical_after <= *check.warn_after)
    reader.Error(
        "critical_after",
        fmt::format("critical_after ({}) must be longer than warn_after ({})",
                    FormatDuration(*check.critical_after), FormatDuration(*check.warn_after)),
        "warn_after = \"60s\", critical_after = \"90s\"");
  std::visit([&](auto& s) { s.Parse(reader, redactor); }, check.spec);
  reader.RejectUnknownKeys();
  return check;
}

}  // namespace preflight
