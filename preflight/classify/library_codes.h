// Numbers the libraries return, named: a test that compares a return code with its success
// constant (`EXPECT_EQ(code, CURLE_OK)` → `Which is: 7`) shows only the number; its name is what
// the error table knows (CURLE_COULDNT_CONNECT).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preflight {

// "CURLcode 7 (CURLE_COULDNT_CONNECT)" when `success_constant` names a library's success value
// (CURLE_OK, ARES_SUCCESS) or `expression` a call whose code it is (getaddrinfo, errno) and
// `value` is a failure code of that library; nothing otherwise.
std::optional<std::string> NameLibraryCode(std::string_view expression, std::string_view value,
                                           std::string_view success_constant);

// libcurl's name for a CURLcode it may return on a network failure ("CURLE_COULDNT_CONNECT"),
// nullptr for another number.
const char* CurlCodeName(long code);

// A whole decimal integer ("28", " -1"), nothing else.
std::optional<long> ParseInteger(std::string_view text);

}  // namespace preflight
