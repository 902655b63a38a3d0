// Durations ("250ms", "1m30s") and timestamps ("2025-09-18", RFC 3339: the bypass expiry, --now,
// a history run's time): what parses formats, and what formats parses back to the same value.
#include "preflight/util/duration.h"
#include "preflight/util/timestamp.h"
#include "tests/fuzz/fuzz_input.h"

using preflight::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = preflight::fuzz::Text(data, size);
  auto parsed = preflight::ParseDuration(text);
  if (parsed && *parsed >= preflight::Duration{0}) {
    const std::string formatted = preflight::FormatDuration(*parsed);
    Require(preflight::ParseDuration(formatted).has_value());
    (void)preflight::FormatElapsed(*parsed);
  }
  if (auto instant = preflight::ParseDateOrInstant(text)) {
    auto again = preflight::ParseRfc3339(preflight::FormatRfc3339(*instant));
    Require(again && *again == *instant);
  }
  if (auto day = preflight::ParseDate(text)) {
    auto again = preflight::ParseDate(preflight::FormatDate(*day));
    Require(again && *again == *day);
  }
  return 0;
}
