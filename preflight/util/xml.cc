// XML 1.0 text escaping, and well-formed UTF-8: what a test printed may be any bytes.
#include "preflight/util/xml.h"

#include <algorithm>

#include "preflight/util/utf8.h"

namespace preflight {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string XmlEscape(std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x20 && b < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
  });
  if (plain) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x80) {
          // Not UTF-8, or a noncharacter XML forbids: a replacement keeps the XML well-formed.
          const auto sequence = ReadUtf8Sequence(text, i);
          if (!sequence || sequence->code == 0xFFFE || sequence->code == 0xFFFF) {
            out += kReplacement;
          } else {
            out.append(text.substr(i, sequence->length));
            i += sequence->length - 1;
          }
        } else if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace preflight
