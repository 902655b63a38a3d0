// Keeps secrets out of every output: passwords in URLs and DSNs, and known secret values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace preflight {

inline constexpr std::string_view kRedacted = "***";

// True for names like DB_PASSWORD, API_SECRET, GITHUB_TOKEN, PRIVATE_KEY, AUTHORIZATION.
bool IsSecretName(std::string_view name);

class Redactor {
 public:
  // Every later Redact() replaces `value` wherever it appears. Values shorter than 3 bytes are
  // ignored: replacing every "1" in a report would make it unreadable, not safer.
  void AddSecret(std::string_view value);

  // Registers the passwords written in `text`: of `scheme://user:password@host` URLs and of
  // `password=...` conninfo pairs (a config's DSNs), so that the bare value is masked too.
  void AddSecretsIn(std::string_view text);

  // Replaces registered secrets, the password of `scheme://user:password@host` URLs and
  // `password=...` conninfo pairs with ***.
  std::string Redact(std::string_view text) const;

  // The registered values, longest first (for CI masking: GitHub's ::add-mask::).
  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another goes whole
};

}  // namespace preflight
