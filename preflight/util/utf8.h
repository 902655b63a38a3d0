// Reading UTF-8 in text that may be any bytes (what a test printed), for the writers of JSON and
// XML, which must never pass on a byte that is not UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace preflight {

struct Utf8Sequence {
  size_t length;  // 2 to 4 bytes
  uint32_t code;  // the code point
};

// The multi-byte UTF-8 sequence at text[at], or nullopt when there is none: an ASCII byte, a byte
// that never starts one (80–C1, F5–FF), a sequence cut short, or an overlong form, a surrogate or
// a code point beyond U+10FFFF.
std::optional<Utf8Sequence> ReadUtf8Sequence(std::string_view text, size_t at);

}  // namespace preflight
