// The .env reader: any text gives entries or diagnostics that point into the file.
#include "preflight/util/dotenv.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = preflight::ParseDotenv(preflight::fuzz::Text(data, size), "fuzz.env");
  if (!parsed)
    for (const auto& diagnostic : parsed.error())
      preflight::fuzz::Require(diagnostic.where.file == "fuzz.env" && !diagnostic.message.empty());
  return 0;
}
