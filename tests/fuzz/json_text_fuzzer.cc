// The hand-written JSON string reader and writer (`classify --jsonl`, the reports), checked
// against nlohmann's parser: what the fast reader accepts, the full parser reads the same (the
// reader also takes raw bytes that are not UTF-8, which nlohmann refuses: a log line in Latin-1 is
// still classified); what the writer writes, the full parser reads back (the same text when it was
// valid UTF-8).
#include <nlohmann/json.hpp>

#include "preflight/util/json_text.h"
#include "tests/fuzz/fuzz_input.h"

using preflight::fuzz::Require;

namespace {

bool ValidUtf8(std::string_view text) {
  try {
    (void)nlohmann::json(std::string(text)).dump();  // strict: throws on invalid UTF-8
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = preflight::fuzz::Text(data, size);
  if (const auto fast = preflight::ReadJsonString(text); fast && ValidUtf8(text)) {
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    Require(parsed.is_string() && parsed.get<std::string>() == *fast);
  }
  std::string written;
  preflight::AppendJsonString(written, text);
  const auto back = nlohmann::json::parse(written, nullptr, false);
  Require(back.is_string());
  if (ValidUtf8(text)) Require(back.get<std::string>() == text);
  Require(preflight::ReadJsonString(written) == back.get<std::string>());
  return 0;
}
