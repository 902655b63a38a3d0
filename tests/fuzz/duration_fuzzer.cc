// Durations ("250ms", "1m30s"): what parses formats, and what formats parses back.
#include "preflight/util/duration.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = preflight::ParseDuration(preflight::fuzz::Text(data, size));
  if (parsed && *parsed >= preflight::Duration{0}) {
    const std::string text = preflight::FormatDuration(*parsed);
    preflight::fuzz::Require(preflight::ParseDuration(text).has_value());
    (void)preflight::FormatElapsed(*parsed);
  }
  return 0;
}
