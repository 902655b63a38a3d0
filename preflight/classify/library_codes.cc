// Code → name for the libraries whose numbers tests assert on. Header-only use of libcurl's and
// c-ares' enums: nothing is linked.
#include "preflight/classify/library_codes.h"

#include <ares.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace preflight {

#define NAME(code) \
  case code:       \
    return #code

const char* CurlCodeName(long code) {
  switch (code) {
    NAME(CURLE_UNSUPPORTED_PROTOCOL);
    NAME(CURLE_URL_MALFORMAT);
    NAME(CURLE_COULDNT_RESOLVE_PROXY);
    NAME(CURLE_COULDNT_RESOLVE_HOST);
    NAME(CURLE_COULDNT_CONNECT);
    NAME(CURLE_PARTIAL_FILE);
    NAME(CURLE_OPERATION_TIMEDOUT);
    NAME(CURLE_GOT_NOTHING);
    NAME(CURLE_SEND_ERROR);
    NAME(CURLE_RECV_ERROR);
    NAME(CURLE_SSL_CERTPROBLEM);
    NAME(CURLE_SSL_CIPHER);
    NAME(CURLE_PEER_FAILED_VERIFICATION);
    NAME(CURLE_USE_SSL_FAILED);
    NAME(CURLE_LOGIN_DENIED);
    NAME(CURLE_SSL_CACERT_BADFILE);
    NAME(CURLE_SSL_ISSUER_ERROR);
    NAME(CURLE_SSL_PINNEDPUBKEYNOTMATCH);
    NAME(CURLE_AUTH_ERROR);
    NAME(CURLE_SSL_CLIENTCERT);
    default:
      return nullptr;
  }
}

namespace {

const char* AresName(long status) {
  switch (status) {
    NAME(ARES_ENODATA);
    NAME(ARES_ESERVFAIL);
    NAME(ARES_ENOTFOUND);
    NAME(ARES_EREFUSED);
    NAME(ARES_ECONNREFUSED);
    NAME(ARES_ETIMEOUT);
    default:
      return nullptr;
  }
}

const char* GaiName(long error) {
  switch (error) {
    NAME(EAI_AGAIN);
    NAME(EAI_FAIL);
    NAME(EAI_NONAME);
    NAME(EAI_NODATA);
    NAME(EAI_SERVICE);
    default:
      return nullptr;
  }
}

#undef NAME

}  // namespace

std::optional<long> ParseInteger(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> NameLibraryCode(std::string_view expression, std::string_view value,
                                           std::string_view success_constant) {
  const std::optional<long> code = ParseInteger(value);
  if (!code || *code == 0) return std::nullopt;
  const char* name = nullptr;
  std::string_view library;
  if (success_constant.find("CURLE_OK") != std::string_view::npos)
    name = CurlCodeName(*code), library = "CURLcode";
  else if (success_constant.find("ARES_SUCCESS") != std::string_view::npos)
    name = AresName(*code), library = "c-ares status";
  else if (expression.find("getaddrinfo") != std::string_view::npos)
    name = GaiName(*code), library = "getaddrinfo";
  else if (expression == "errno" && *code > 0)
    name = strerrorname_np(static_cast<int>(*code)), library = "errno";
  if (name == nullptr) return std::nullopt;
  return fmt::format("{} {} ({})", library, *code, name);
}

}  // namespace preflight
