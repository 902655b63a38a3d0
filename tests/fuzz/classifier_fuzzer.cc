// The classifier on any failure message, and user rules from any TOML: a kind for every text,
// diagnostics for every bad rules file. The first byte chooses which.
#include "preflight/classify/classifier.h"
#include "preflight/classify/combine.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const preflight::Classifier builtin = std::move(*preflight::Classifier::Create());
  if (size == 0) return 0;
  const std::string_view text = preflight::fuzz::Text(data + 1, size - 1);
  if (data[0] % 4 != 0) {
    const preflight::Classification c = builtin.Classify(text);
    preflight::fuzz::Require(!c.category.empty());
    if (c.evidence) preflight::fuzz::Require(!c.evidence->rule.empty());
    return 0;
  }
  auto rules = preflight::LoadRules(preflight::fuzz::ScratchFile(text, ".rules.toml"));
  if (!rules) return 0;
  auto classifier = preflight::Classifier::Create(std::move(*rules));
  if (classifier)
    (void)classifier->Classify("Failed to connect to db.staging port 5432: Connection refused");
  return 0;
}
