// The table's exact texts are the installed libraries' own: each libcurl, c-ares, getaddrinfo and
// errno row is a text that library prints for the code the row names, so a library upgrade that
// rewords one fails here instead of silently losing evidence.
#include "preflight/classify/error_tables.h"

#include <ares.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netdb.h>
#include <re2/re2.h>
#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <string>

namespace preflight {
namespace {

// Each library's codes by name, from its own headers.
std::map<std::string, std::string> LibraryTexts() {
  std::map<std::string, std::string> texts;
#define CURL_CODE(name) texts[#name] = curl_easy_strerror(name)
  CURL_CODE(CURLE_UNSUPPORTED_PROTOCOL);
  CURL_CODE(CURLE_URL_MALFORMAT);
  CURL_CODE(CURLE_COULDNT_RESOLVE_PROXY);
  CURL_CODE(CURLE_COULDNT_RESOLVE_HOST);
  CURL_CODE(CURLE_COULDNT_CONNECT);
  CURL_CODE(CURLE_PARTIAL_FILE);
  CURL_CODE(CURLE_OPERATION_TIMEDOUT);
  CURL_CODE(CURLE_GOT_NOTHING);
  CURL_CODE(CURLE_SEND_ERROR);
  CURL_CODE(CURLE_RECV_ERROR);
  CURL_CODE(CURLE_SSL_CERTPROBLEM);
  CURL_CODE(CURLE_SSL_CIPHER);
  CURL_CODE(CURLE_PEER_FAILED_VERIFICATION);
  CURL_CODE(CURLE_USE_SSL_FAILED);
  CURL_CODE(CURLE_LOGIN_DENIED);
  CURL_CODE(CURLE_SSL_CACERT_BADFILE);
  CURL_CODE(CURLE_SSL_ISSUER_ERROR);
  CURL_CODE(CURLE_SSL_PINNEDPUBKEYNOTMATCH);
  CURL_CODE(CURLE_AUTH_ERROR);
  CURL_CODE(CURLE_SSL_CLIENTCERT);
#undef CURL_CODE
#define ARES_CODE(name) texts[#name] = ares_strerror(name)
  ARES_CODE(ARES_ENODATA);
  ARES_CODE(ARES_ESERVFAIL);
  ARES_CODE(ARES_ENOTFOUND);
  ARES_CODE(ARES_EREFUSED);
  ARES_CODE(ARES_ECONNREFUSED);
  ARES_CODE(ARES_ETIMEOUT);
#undef ARES_CODE
#define GAI_CODE(name) texts[#name] = gai_strerror(name)
  GAI_CODE(EAI_AGAIN);
  GAI_CODE(EAI_FAIL);
  GAI_CODE(EAI_NONAME);
  GAI_CODE(EAI_NODATA);
  GAI_CODE(EAI_SERVICE);
#undef GAI_CODE
#define ERRNO_CODE(name) texts[#name] = std::strerror(name)
  ERRNO_CODE(ECONNREFUSED);
  ERRNO_CODE(ECONNRESET);
  ERRNO_CODE(ECONNABORTED);
  ERRNO_CODE(ENETRESET);
  ERRNO_CODE(EPIPE);
  ERRNO_CODE(ENETUNREACH);
  ERRNO_CODE(ENETDOWN);
  ERRNO_CODE(EHOSTUNREACH);
  ERRNO_CODE(EHOSTDOWN);
  ERRNO_CODE(ETIMEDOUT);
#undef ERRNO_CODE
  return texts;
}

TEST(ErrorTables, EveryLibraryTextIsTheInstalledLibrarysOwn) {
  const auto texts = LibraryTexts();
  int checked = 0;
  for (const KnownError& row : KnownErrors()) {
    const std::string_view source = row.source;
    const bool enumerable =
        source == "errno" || source == "getaddrinfo" || source == "c-ares" ||
        (source == "libcurl" && std::string_view(row.name).starts_with("CURLE_"));
    if (!enumerable) continue;
    ASSERT_EQ(row.match, KnownError::kText) << row.name;
    auto text = texts.find(std::string(row.name));
    ASSERT_NE(text, texts.end()) << row.name << " is not checked against its library here";
    EXPECT_EQ(text->second, row.text) << row.name;
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(texts.size()));
}

// cpp-httplib's errors as its operator<< prints them are what the table's patterns expect.
TEST(ErrorTables, HttplibErrorsAsPrinted) {
  auto printed = [](httplib::Error error) {
    std::ostringstream out;
    out << error;
    return out.str();
  };
  for (auto [error, pattern] :
       {std::pair{httplib::Error::Read, R"(\b(Read \(4\)|Write \(5\)))"},
        std::pair{httplib::Error::Write, R"(\b(Read \(4\)|Write \(5\)))"},
        std::pair{httplib::Error::ConnectionTimeout, R"(\bConnectionTimeout \(13\))"},
        std::pair{httplib::Error::SSLServerVerification,
                  R"(\b(SSLServerVerification \(10\)|SSLLoadingCerts \(9\)))"}}) {
    bool in_table = false;
    for (const KnownError& row : KnownErrors()) in_table |= row.text == pattern;
    EXPECT_TRUE(in_table) << pattern;
    EXPECT_TRUE(RE2::PartialMatch(printed(error), pattern)) << printed(error);
  }
}

TEST(ErrorTables, EveryPatternCompilesAndEveryRowHasAKindAndCategory) {
  for (const KnownError& row : KnownErrors()) {
    EXPECT_FALSE(row.category.empty()) << row.name;
    if (row.match != KnownError::kPattern) continue;
    RE2::Options options;
    options.set_log_errors(false);
    RE2 pattern(re2::StringPiece(row.text.data(), row.text.size()), options);
    EXPECT_TRUE(pattern.ok()) << row.name << ": " << pattern.error();
  }
}

}  // namespace
}  // namespace preflight
