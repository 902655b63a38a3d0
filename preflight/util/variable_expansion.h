// `${VAR}` and `${VAR:-default}` substitution, shared by the .env reader and the config loader.
#pragma once

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace preflight {

using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

enum class MissingVariable {
  kError,  // config files: a typo in a name must not silently become ""
  kEmpty,  // .env files: the dotenv convention
};

struct ExpansionError {
  std::string message;
  size_t offset = 0;  // byte offset of the `${` in the input
};

// Replaces every `${NAME}` with lookup(NAME). `${NAME:-default}` uses `default` when NAME is
// unset or empty, `${NAME-default}` only when unset. A `$` not followed by `{` is kept as is.
std::expected<std::string, ExpansionError> ExpandVariables(std::string_view text,
                                                           const VariableLookup& lookup,
                                                           MissingVariable missing);

bool IsValidVariableName(std::string_view name);

}  // namespace preflight
