// UTF-8 sequences checked byte by byte (RFC 3629).
#include "preflight/util/utf8.h"

namespace preflight {

std::optional<Utf8Sequence> ReadUtf8Sequence(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  Utf8Sequence sequence{};
  if (lead >= 0xC2 && lead <= 0xDF)
    sequence = {2, lead & 0x1Fu};
  else if (lead >= 0xE0 && lead <= 0xEF)
    sequence = {3, lead & 0x0Fu};
  else if (lead >= 0xF0 && lead <= 0xF4)
    sequence = {4, lead & 0x07u};
  else
    return std::nullopt;
  if (at + sequence.length > text.size()) return std::nullopt;
  for (size_t i = 1; i < sequence.length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return std::nullopt;
    sequence.code = sequence.code << 6 | (byte(at + i) & 0x3F);
  }
  const uint32_t code = sequence.code;
  const bool overlong =
      (sequence.length == 3 && code < 0x800) || (sequence.length == 4 && code < 0x10000);
  if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return std::nullopt;
  return sequence;
}

}  // namespace preflight
