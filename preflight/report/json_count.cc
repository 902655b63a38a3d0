// Counts read from JSON, checked before they are converted.
#include "preflight/report/json_count.h"

#include <fmt/format.h>

#include <climits>

namespace preflight {

int JsonCount(const nlohmann::json& object, const char* key, std::optional<int> fallback) {
  const auto found = object.find(key);
  if (found == object.end()) {
    if (fallback) return *fallback;
    (void)object.at(key);  // throws: key not found
  }
  if (found->is_number_unsigned() && found->get<std::uint64_t>() <= INT_MAX)
    return static_cast<int>(found->get<std::uint64_t>());
  throw nlohmann::json::out_of_range::create(
      406, fmt::format("\"{}\" is {}, not a count (a whole number from 0)", key, found->dump()),
      &*found);
}

}  // namespace preflight
