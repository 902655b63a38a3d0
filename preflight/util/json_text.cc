// JSON string escaping with UTF-8 validation.
#include "preflight/util/json_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "preflight/util/utf8.h"

namespace preflight {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (const auto sequence = ReadUtf8Sequence(text, i)) {
        out.append(text.substr(i, sequence->length));
        i += sequence->length;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

namespace {

void AppendUtf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Four hex digits at text[at], or nullopt.
std::optional<uint32_t> Hex4(std::string_view text, size_t at) {
  if (at + 4 > text.size()) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = at; i < at + 4; ++i) {
    const char c = text[i];
    value <<= 4;
    if (c >= '0' && c <= '9')
      value |= c - '0';
    else if (c >= 'a' && c <= 'f')
      value |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      value |= c - 'A' + 10;
    else
      return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> ReadJsonString(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
  std::string out;
  out.reserve(text.size());
  const size_t end = text.size() - 1;
  for (size_t i = 1; i < end;) {
    const size_t plain = text.find_first_of("\"\\", i);
    const size_t stop = std::min(plain, end);
    for (size_t j = i; j < stop; ++j)
      if (static_cast<unsigned char>(text[j]) < 0x20) return std::nullopt;
    out.append(text.substr(i, stop - i));
    if (stop == end) break;
    if (text[stop] == '"') return std::nullopt;  // a quote before the end: not one string
    if (stop + 1 >= end) return std::nullopt;
    const char escape = text[stop + 1];
    i = stop + 2;
    switch (escape) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto code = Hex4(text, i);
        if (!code || i + 4 > end) return std::nullopt;
        i += 4;
        if (*code >= 0xD800 && *code < 0xDC00) {  // a surrogate pair
          if (i + 6 > end || text[i] != '\\' || text[i + 1] != 'u') return std::nullopt;
          auto low = Hex4(text, i + 2);
          if (!low || *low < 0xDC00 || *low >= 0xE000) return std::nullopt;
          *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
          i += 6;
        } else if (*code >= 0xDC00 && *code < 0xE000) {
          return std::nullopt;
        }
        AppendUtf8(out, *code);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace preflight
