// Redaction of DSNs, URLs and registered secrets: never crashes, never un-redacts (redacting
// twice changes nothing), and a registered secret never survives; libpq's DSN parsing of the
// same text (the host a probe would resolve) never crashes.
#include "preflight/probes/postgres_evaluation.h"
#include "preflight/util/redactor.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = preflight::fuzz::Text(data, size);
  preflight::Redactor redactor;
  redactor.AddSecret("hunter22-secret");
  const std::string once = redactor.Redact(text);
  preflight::fuzz::Require(redactor.Redact(once) == once);
  preflight::fuzz::Require(once.find("hunter22-secret") == std::string::npos);
  (void)preflight::NameToResolve(std::string(text));
  return 0;
}
