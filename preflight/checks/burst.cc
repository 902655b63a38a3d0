// The burst keys of postgres and http checks.
#include "preflight/checks/burst.h"

#include <fmt/format.h>

#include <charconv>

namespace preflight {

void BurstSpec::Parse(TableReader& reader) {
  if (auto n = reader.Integer("burst", 1, 1000)) connections = static_cast<int>(*n);
  if (auto text = reader.RawString("min_success")) {
    double value = 0;
    const char* end = text->data() + text->size();
    auto [rest, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || std::string_view(rest, end) != "%" || value < 0 || value > 100)
      reader.Error("min_success", fmt::format("`min_success` is \"{}\", not a percentage", *text),
                   "min_success = \"85%\"");
    else
      min_success = value / 100;
  }
  max_p95 = reader.DurationValue("max_p95");
  if (connections == 0 && (reader.Has("min_success") || reader.Has("max_p95")))
    reader.Error(reader.Has("min_success") ? "min_success" : "max_p95",
                 "thresholds of a burst, without `burst`", "burst = 30 (connections at once)");
}

std::string BurstSpec::Describe() const {
  if (connections == 0) return "";
  return fmt::format(", burst of {} (success >= {:.0f}%{})", connections, min_success * 100,
                     max_p95 ? ", P95 <= " + FormatDuration(*max_p95) : "");
}

}  // namespace preflight
