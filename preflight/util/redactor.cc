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
    }
    // Up to the next separator, also after a quoted part: `'se cret'x` hides the x too.
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '&' && text[end] != '"')
      ++end;
    if (end > i) out.append(kRedacted);
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

// `Bearer tok-…` (an Authorization header, a log line) → `Bearer ***`, whatever the token.
std::string RedactBearerTokens(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = text.find("earer ", pos)) != std::string_view::npos;) {
    const size_t start = at + 6;
    const bool word = at > 0 && text[at - 1] == 'B' &&
                      (at == 1 || !std::isalnum(static_cast<unsigned char>(text[at - 2])));
    size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '"' && text[end] != '\'' && text[end] != ',' && text[end] != ';')
      ++end;
    out.append(text.substr(pos, start - pos));
    if (word && end > start && text.substr(start, end - start) != kRedacted)
      out.append(kRedacted);
    else
      out.append(text.substr(start, end - start));
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

bool IsSecretName(std::string_view name) {
  const std::string upper = Upper(name);
  for (std::string_view marker : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY",
                                  "APIKEY", "ACCESSKEY", "AUTHORIZATION", "CREDENTIAL"}) {
    if (upper.find(marker) != std::string::npos) return true;
  }
  if (upper == "PWD" || upper == "OLDPWD") return false;  // the shell's working directories
  // Whole parts of the name: STRIPE_KEY, SIGNING_KEYS, DB_PASS, DB_PWD (not MONKEY or PASSAGE).
  for (size_t start = 0; start <= upper.size();) {
    size_t end = upper.find_first_of("_-.", start);
    if (end == std::string::npos) end = upper.size();
    const std::string_view part = std::string_view(upper).substr(start, end - start);
    if (part == "KEY" || part == "KEYS" || part == "PASS" || part == "PWD") return true;
    start = end + 1;
  }
  return false;
}

// Values that a secret-looking name may hold without being a secret (USE_API_KEY=true,
// KEY_TTL=3600): hiding them would blank every "true" or "3600" in the output, and hide nothing.
bool IsPlainSetting(std::string_view value) {
  const std::string upper = Upper(value);
  for (std::string_view word :
       {"TRUE", "FALSE", "YES", "NO", "ON", "OFF", "NULL", "NONE", "ENABLED", "DISABLED"})
    if (upper == word) return true;
  // A number is a setting (KEY_TTL=3600, a port) up to 5 digits; DB_PASSWORD=73519284 is not.
  return value.size() <= 5 && std::all_of(value.begin(), value.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

void Redactor::AddSecret(std::string_view value) {
  // An Authorization value ("Bearer tok-…", "Basic dXNl…"): its credential alone is as secret.
  for (std::string_view scheme : {"Bearer ", "Basic ", "Token ", "bearer ", "token "})
    if (value.starts_with(scheme)) AddSecret(value.substr(scheme.size()));
  if (value.size() < 3 || IsPlainSetting(value)) return;
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  secrets_.emplace_back(value);
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Redactor::AddSecretsIn(std::string_view text) {
  for (size_t sep = text.find("://"); sep != std::string_view::npos;
       sep = text.find("://", sep + 3)) {
    const size_t authority = sep + 3;
    size_t end = text.find_first_of("/?# \t\r\n\"'<>", authority);
    if (end == std::string_view::npos) end = text.size();
    const size_t at = text.substr(0, end).rfind('@');
    const size_t colon = text.find(':', authority);
    if (at != std::string_view::npos && at > authority && colon < at)
      AddSecret(text.substr(colon + 1, at - colon - 1));
  }
  const std::string upper = Upper(text);
  for (size_t key = upper.find("PASSWORD"); key != std::string::npos;
       key = upper.find("PASSWORD", key + 8)) {
    size_t i = key + 8;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && text[i] == ' ') ++i;
    const bool quoted = i < text.size() && text[i] == '\'';
    if (quoted) ++i;
    size_t end = i;
    while (end < text.size() &&
           (quoted ? text[end] != '\'' : !std::isspace(static_cast<unsigned char>(text[end]))))
      ++end;
    AddSecret(text.substr(i, end - i));
  }
}

std::string Redactor::Redact(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : secrets_) {
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  if (out.find("earer ") != std::string::npos) out = RedactBearerTokens(out);
  if (out.find("://") != std::string::npos) out = RedactUrlPasswords(out);
  if (out.find('=') != std::string::npos) out = RedactConninfoPasswords(out);
  return out;
}

}  // namespace preflight
