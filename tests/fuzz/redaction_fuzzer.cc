// Redaction of DSNs, URLs and registered secrets: never crashes, a registered secret never
// survives, and whatever comes before them, a URL's password and a conninfo password written
// after the input are hidden. libpq's DSN parsing of the same text (the host a probe would
// resolve) never crashes.
#include "preflight/probes/postgres_evaluation.h"
#include "preflight/util/redactor.h"
#include "tests/fuzz/fuzz_input.h"

#include <string_view>

namespace {

size_t Count(std::string_view text, std::string_view word) {
  size_t count = 0;
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1))
    ++count;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = preflight::fuzz::Text(data, size);
  preflight::Redactor redactor;
  redactor.AddSecret("hunter22-secret");
  const std::string once = redactor.Redact(text);
  preflight::fuzz::Require(once.find("hunter22-secret") == std::string::npos);
  // The planted passwords may also be in the input (the fuzzer learns them): only the planted
  // occurrences must go.
  const std::string planted = redactor.Redact(
      std::string(text) + " https://u:Planted-URL-pw@h/ x password=Planted-KV-pw y");
  for (std::string_view password : {"Planted-URL-pw", "Planted-KV-pw"})
    preflight::fuzz::Require(Count(planted, password) <= Count(text, password));
  (void)preflight::NameToResolve(std::string(text));
  return 0;
}
