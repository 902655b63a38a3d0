// The TOML reader for user rules.
#include "preflight/classify/rules.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "preflight/util/table_reader.h"
#include "preflight/util/text_file.h"

namespace preflight {

std::expected<std::vector<Rule>, Diagnostics> LoadRules(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text)
    return std::unexpected(Diagnostics{{{path, 0, 0}, text.error(), "pass --rules FILE", ""}});
  ConfigSource source{.path = path, .text = *text};
  source.expand = [](std::string_view s) -> std::expected<std::string, std::string> {
    return std::string(s);
  };
  toml::table root;
  try {
    root = toml::parse(source.text, std::string_view{path});
  } catch (const toml::parse_error& error) {
    source.Error(error.source(), fmt::format("invalid TOML: {}", error.description()));
    return std::unexpected(std::move(source.diagnostics));
  }
  TableReader top(source, root, "the rules file", {"rule"});
  top.RejectUnknownKeys();
  std::vector<Rule> rules;
  const toml::node* list = root.get("rule");
  const toml::array* array = list ? list->as_array() : nullptr;
  if (list && (!array || !array->is_array_of_tables())) {
    top.Error("rule", "`rule` must be an array of tables", "write each rule as [[rule]]");
  }
  for (size_t i = 0; array && array->is_array_of_tables() && i < array->size(); ++i) {
    const toml::table& table = *array->get(i)->as_table();
    TableReader reader(source, table, fmt::format("[[rule]] #{}", i + 1),
                       {"name", "category", "kind", "patterns", "applies_to"});
    reader.RejectUnknownKeys();
    Rule rule;
    reader.Require("name", "name = \"my_service.down\"");
    reader.Require("category", "category = \"connect\"");
    reader.Require("patterns", "patterns = [\"my-service unavailable\"]");
    if (auto name = reader.RawString("name")) rule.name = "user." + *name;
    if (auto category = reader.RawString("category")) rule.category = *category;
    if (auto kind = reader.RawString("kind")) {
      if (auto parsed = ParseFailureKind(*kind))
        rule.kind = *parsed;
      else
        reader.Error("kind", fmt::format("unknown kind \"{}\"", *kind),
                     "kind = \"infra\", \"config\" or \"code\"");
    }
    if (auto patterns = reader.StringArray("patterns")) {
      for (const auto& pattern : *patterns) {
        RE2::Options options;
        options.set_log_errors(false);
        RE2 compiled(pattern, options);
        if (!compiled.ok())
          reader.Error("patterns",
                       fmt::format("invalid pattern \"{}\": {}", pattern, compiled.error()),
                       "patterns use RE2 syntax: https://github.com/google/re2/wiki/Syntax");
      }
      if (patterns->empty()) reader.Error("patterns", "`patterns` is empty");
      rule.patterns = std::move(*patterns);
    }
    if (auto where = reader.StringArray("applies_to")) {
      for (const auto& w : *where) {
        if (w == "message")
          rule.applies_to.push_back(TextKind::kMessage);
        else if (w == "exception")
          rule.applies_to.push_back(TextKind::kException);
        else if (w == "trace")
          rule.applies_to.push_back(TextKind::kTrace);
        else
          reader.Error("applies_to", fmt::format("unknown place \"{}\"", w),
                       "use \"message\", \"exception\", \"trace\"");
      }
    }
    rules.push_back(std::move(rule));
  }
  if (!source.diagnostics.empty()) return std::unexpected(std::move(source.diagnostics));
  return rules;
}

}  // namespace preflight
