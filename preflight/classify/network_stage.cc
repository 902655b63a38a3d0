// The stage lexicon: a text is cut into lowercase words (CamelCase, snake_case and punctuation
// all split), then matched against phrases, the longest first, so that "connection reset" is the
// exchange stage and not "connection" (the connect stage) followed by "reset".
#include "preflight/classify/network_stage.h"

#include <array>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

namespace preflight {
namespace {

struct Phrase {
  std::string_view words;  // lowercase, single spaces
  NetworkStage stage;
};

using S = NetworkStage;

constexpr Phrase kPhrases[] = {
    // resolve
    {"resolve", S::kResolve},
    {"resolving", S::kResolve},
    {"resolution", S::kResolve},
    {"resolver", S::kResolve},
    {"not known", S::kResolve},
    {"nxdomain", S::kResolve},
    {"enotfound", S::kResolve},
    {"eai", S::kResolve},
    {"host not found", S::kResolve},
    {"unknown host", S::kResolve},
    {"no such host", S::kResolve},
    {"dns", S::kResolve},
    {"getaddrinfo", S::kResolve},
    {"gethostbyname", S::kResolve},
    {"netdb", S::kResolve},
    {"translate host name", S::kResolve},
    {"name not resolved", S::kResolve},
    {"no address associated", S::kResolve},
    {"domain name not found", S::kResolve},
    {"ares", S::kResolve},  // c-ares: its errors are the lookup's
    // connect
    {"refused", S::kConnect},
    {"econnrefused", S::kConnect},
    {"connect", S::kConnect},
    {"connection", S::kConnect},
    {"connection failed", S::kConnect},
    {"establish connection", S::kConnect},
    {"unreachable", S::kConnect},
    {"ehostunreach", S::kConnect},
    {"enetunreach", S::kConnect},
    {"no route", S::kConnect},
    {"unavailable", S::kConnect},  // gRPC's UNAVAILABLE: no connection to the server
    // tls
    {"ssl", S::kTls},
    {"tls", S::kTls},
    {"certificate", S::kTls},
    {"cert", S::kTls},
    {"cacert", S::kTls},
    {"ca file", S::kTls},
    {"handshake", S::kTls},
    {"x509", S::kTls},
    {"peer failed verification", S::kTls},
    {"server verification", S::kTls},
    {"wrong version number", S::kTls},
    {"ssl connection", S::kTls},
    {"ssl connect", S::kTls},
    {"tls connection", S::kTls},
    // exchange
    {"reset", S::kExchange},
    {"econnreset", S::kExchange},
    {"connection reset", S::kExchange},
    {"connection closed", S::kExchange},
    {"connection aborted", S::kExchange},
    {"connection lost", S::kExchange},
    {"closed", S::kExchange},
    {"eof", S::kExchange},
    {"broken pipe", S::kExchange},
    {"epipe", S::kExchange},
    {"read", S::kExchange},
    {"write", S::kExchange},
    {"recv", S::kExchange},
    {"send", S::kExchange},
    {"timeout", S::kExchange},
    {"timed out", S::kExchange},
    {"timedout", S::kExchange},
    {"operation timedout", S::kExchange},
    {"got nothing", S::kExchange},
    {"empty reply", S::kExchange},
    {"partial", S::kExchange},
    {"aborted", S::kExchange},
    {"no response", S::kExchange},
    {"not respond", S::kExchange},
    {"deadline", S::kExchange},
    // A timeout is waiting for an answer, whatever it waits for: a refused connect comes earlier.
    {"connection timeout", S::kExchange},
    {"connection timed out", S::kExchange},
    {"connect timeout", S::kExchange},
    {"connect timed out", S::kExchange},
    {"canceled", S::kExchange},
    {"cancelled", S::kExchange},
    // status
    {"status", S::kStatus},
    {"not found", S::kStatus},
    {"unauthorized", S::kStatus},
    {"forbidden", S::kStatus},
    {"bad request", S::kStatus},
    {"redirect", S::kStatus},
    {"moved permanently", S::kStatus},
    {"method not allowed", S::kStatus},
};

// "COULDNT_RESOLVE_HOST", "ConnectionTimeout", "asio::error::connection_refused",
// "Couldn't connect" → "couldnt resolve host", "connection timeout", ... One word per run of
// letters and digits, split where a capital starts a word; an apostrophe joins ("couldn't" →
// "couldnt"). The words are views into `storage`.
std::vector<std::string_view> Words(std::string_view text, std::string& storage) {
  storage.clear();
  storage.reserve(text.size() * 2);
  std::vector<size_t> starts;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c)) {
      // "connectionTimeout" and "SSLConnection" split before the capital that starts a word.
      const bool after_lower = i > 0 && std::islower(static_cast<unsigned char>(text[i - 1]));
      const bool acronym_end = i > 0 && std::isupper(static_cast<unsigned char>(text[i - 1])) &&
                               i + 1 < text.size() &&
                               std::islower(static_cast<unsigned char>(text[i + 1]));
      if (!in_word || (std::isupper(c) && (after_lower || acronym_end))) {
        storage += ' ';
        starts.push_back(storage.size());
        in_word = true;
      }
      storage += static_cast<char>(std::tolower(c));
    } else if (c != '\'' || !in_word) {
      in_word = false;
    }
  }
  std::vector<std::string_view> words;
  words.reserve(starts.size());
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t end = k + 1 < starts.size() ? starts[k + 1] - 1 : storage.size();
    words.push_back(std::string_view(storage).substr(starts[k], end - starts[k]));
  }
  return words;
}

// The phrases by their first word: most words start none.
const std::unordered_map<std::string_view, std::vector<const Phrase*>>& PhrasesByFirstWord() {
  static const auto* index = [] {
    auto* map = new std::unordered_map<std::string_view, std::vector<const Phrase*>>;
    for (const Phrase& phrase : kPhrases)
      (*map)[phrase.words.substr(0, phrase.words.find(' '))].push_back(&phrase);
    return map;
  }();
  return *index;
}

// The number of words of `phrase` that match `words` at `at`, or 0.
size_t MatchAt(const std::vector<std::string_view>& words, size_t at, std::string_view phrase) {
  size_t count = 0;
  while (!phrase.empty()) {
    const size_t space = phrase.find(' ');
    const std::string_view word = phrase.substr(0, space);
    if (at + count >= words.size() || words[at + count] != word) return 0;
    ++count;
    phrase = space == std::string_view::npos ? std::string_view() : phrase.substr(space + 1);
  }
  return count;
}

std::optional<NetworkStage> StatusStage(std::string_view word) {
  if (word.size() != 3 || !std::isdigit(static_cast<unsigned char>(word[0])) ||
      !std::isdigit(static_cast<unsigned char>(word[1])) ||
      !std::isdigit(static_cast<unsigned char>(word[2])))
    return std::nullopt;
  const int status = (word[0] - '0') * 100 + (word[1] - '0') * 10 + (word[2] - '0');
  if (status < 100 || status > 599) return std::nullopt;
  return status >= 200 && status < 300 ? S::kBody : S::kStatus;
}

}  // namespace

std::string_view ToString(NetworkStage stage) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "resolve", "connect", "TLS", "request/response", "response status", "response body"};
  return kNames[static_cast<size_t>(stage)];
}

std::optional<NetworkStage> StageNamedBy(std::string_view text) {
  std::string storage;
  const std::vector<std::string_view> words = Words(text, storage);
  const auto& phrases = PhrasesByFirstWord();
  std::optional<NetworkStage> earliest;
  for (size_t at = 0; at < words.size();) {
    size_t longest = 0;
    std::optional<NetworkStage> stage;
    if (auto candidates = phrases.find(words[at]); candidates != phrases.end()) {
      for (const Phrase* phrase : candidates->second) {
        const size_t length = MatchAt(words, at, phrase->words);
        if (length > longest) {
          longest = length;
          stage = phrase->stage;
        }
      }
    }
    if (!stage) stage = StatusStage(words[at]);
    if (stage && (!earliest || *stage < *earliest)) earliest = stage;
    at += longest > 0 ? longest : 1;
  }
  return earliest;
}

}  // namespace preflight
