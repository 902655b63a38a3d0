// Structural (URL userinfo, conninfo password=) and value-based secret redaction.
#include "preflight/util/redactor.h"

#include <algorithm>
#include <cctype>

namespace preflight {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// `scheme://user:password@` → `scheme://user:***@`.
std::string RedactUrlPasswords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (size_t sep; (sep = text.find("://", pos)) != std::string_view::npos;) {
    const size_t authority = sep + 3;
    out.append(text.substr(pos, authority - pos));
    pos = authority;
    if (sep == 0 || !IsSchemeChar(text[sep - 1])) continue;
    size_t end = text.find_first_of("/?# \t\r\n\"'<>", authority);
    if (end == std::string_view::npos) end = text.size();
    const size_t at = text.substr(0, end).rfind('@');
    const size_t colon = text.find(':', authority);
    if (at == std::string_view::npos || at < authority || colon > at) continue;
    out.append(text.substr(authority, colon + 1 - authority));
    out.append(kRedacted);
    pos = at;
  }
  out.append(text.substr(pos));
  return out;
}

// `password=secret` / `password = 'se cret'` (libpq conninfo) → `password=***`.
std::string RedactConninfoPasswords(std::string_view text) {
  std::string out;
  size_t pos = 0;
  const std::string upper = Upper(text);
  while (true) {
    size_t key = upper.find("PASSWORD", pos);
    if (key == std::string::npos) break;
    size_t i = key + 8;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '=') {
      out.append(text.substr(pos, i - pos));
      pos = i;
      continue;
    }
    ++i;
    while (i < text.size() && text[i] == ' ') ++i;
    out.append(text.substr(pos, i - pos));
    size_t end = i;
    if (end < text.size() && text[end] == '\'') {
      ++end;
      while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != '&' && text[end] != '"')
        ++end;
    }
    if (end > i) out.append(kRedacted);
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

bool IsSecretName(std::string_view name) {
  const std::string upper = Upper(name);
  for (std::string_view marker : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY",
                                  "APIKEY", "AUTHORIZATION", "CREDENTIAL"}) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  return false;
}

void Redactor::AddSecret(std::string_view value) {
  if (value.size() < 3) return;
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  secrets_.emplace_back(value);
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::Redact(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : secrets_) {
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  if (out.find("://") != std::string::npos) out = RedactUrlPasswords(out);
  if (out.find('=') != std::string::npos) out = RedactConninfoPasswords(out);
  return out;
}

}  // namespace preflight
