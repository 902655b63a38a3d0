// Implementation of shell-style variable references in configuration values.
#include "preflight/util/variable_expansion.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cctype>
#include <vector>

namespace preflight {

bool IsValidVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::expected<std::string, ExpansionError> ExpandVariables(std::string_view text,
                                                           const VariableLookup& lookup,
                                                           MissingVariable missing) {
  std::string out;
  out.reserve(text.size());
  std::vector<std::string_view> unset;  // every missing variable, named in one error
  size_t first_unset = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t dollar = text.find("${", pos);
    if (dollar == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, dollar - pos));
    size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos)
      return std::unexpected(ExpansionError{"unterminated \"${\": add the closing \"}\"", dollar});
    std::string_view body = text.substr(dollar + 2, close - dollar - 2);
    std::string_view name = body, fallback;
    bool has_fallback = false, fallback_when_empty = false;
    if (size_t op = body.find_first_of(":-"); op != std::string_view::npos) {
      name = body.substr(0, op);
      if (body.substr(op, 2) == ":-") {
        fallback = body.substr(op + 2);
        has_fallback = fallback_when_empty = true;
      } else if (body[op] == '-') {
        fallback = body.substr(op + 1);
        has_fallback = true;
      } else {
        return std::unexpected(ExpansionError{
            fmt::format("\"${{{}}}\": after the name write \":-default\" or \"}}\"", body),
            dollar});
      }
    }
    if (!IsValidVariableName(name)) {
      return std::unexpected(ExpansionError{
          fmt::format("\"${{{}}}\" is not a variable reference: names are letters, digits and _",
                      body),
          dollar});
    }
    std::optional<std::string> value = lookup(name);
    if (has_fallback && (!value || (fallback_when_empty && value->empty()))) {
      out.append(fallback);
    } else if (value) {
      out.append(*value);
    } else if (missing == MissingVariable::kError) {
      if (unset.empty()) first_unset = dollar;
      unset.push_back(name);
    }
    pos = close + 1;
  }
  if (unset.size() == 1)
    return std::unexpected(ExpansionError{
        fmt::format("variable {} is not set (set it in the environment or an env file, or "
                    "write ${{{}:-default}})",
                    unset[0], unset[0]),
        first_unset});
  if (!unset.empty())
    return std::unexpected(ExpansionError{
        fmt::format("variables {} are not set (set them in the environment or an env file, or "
                    "write ${{NAME:-default}})",
                    fmt::join(unset, ", ")),
        first_unset});
  return out;
}

}  // namespace preflight
