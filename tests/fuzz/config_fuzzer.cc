// The config loader: any TOML (or not) gives a config or diagnostics with file:line.
#include "preflight/config/config_loader.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path =
      preflight::fuzz::ScratchFile(preflight::fuzz::Text(data, size), ".toml");
  auto loaded = preflight::LoadConfig({.path = path});
  if (!loaded)
    for (const auto& diagnostic : loaded.error())
      preflight::fuzz::Require(!diagnostic.message.empty());
  return 0;
}
