// A strict reader of a DNS header and its first question: labels of 1–63 bytes, no compression
// in the question, opcode QUERY, one question of class IN.
#include "preflight/util/dns_wire.h"

#include <cstdint>

namespace preflight {

std::optional<DnsMessage> ParseDnsMessage(const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  if (bytes == nullptr || size < 17 || size > 65535) return std::nullopt;
  auto u16 = [&](size_t at) { return static_cast<int>(bytes[at] << 8 | bytes[at + 1]); };
  const int flags = u16(2);
  const int opcode = (flags >> 11) & 0xF;
  if (opcode != 0 || u16(4) != 1) return std::nullopt;  // QUERY, one question
  DnsMessage message{.response = (flags & 0x8000) != 0, .rcode = flags & 0xF, .answers = u16(6)};
  if (!message.response && (message.answers != 0 || message.rcode != 0)) return std::nullopt;
  size_t at = 12;
  while (at < size && bytes[at] != 0) {
    const size_t length = bytes[at];
    if (length > 63 || at + 1 + length >= size) return std::nullopt;
    if (!message.question.empty()) message.question += '.';
    for (size_t i = 0; i < length; ++i) {
      const char c = static_cast<char>(bytes[at + 1 + i]);
      const bool host_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!host_char) return std::nullopt;
      message.question += c;
    }
    at += 1 + length;
  }
  if (at + 5 > size || message.question.empty()) return std::nullopt;  // root, type, class
  if (u16(at + 3) != 1) return std::nullopt;                           // class IN
  return message;
}

}  // namespace preflight
