// What the libraries' own error texts mean for a failing test: one row per error, read in one
// screen. Exact texts are those the installed libraries print (error_tables_test checks every
// one against curl_easy_strerror, ares_strerror, gai_strerror and strerror, and every code those
// libraries have against this table); patterns cover the formatted messages (libcurl's error
// buffer, libpq's connection failures, server replies). A text that is not here is not evidence.
#pragma once

#include <span>
#include <string_view>

#include "preflight/classify/failure_kind.h"

namespace preflight {

struct KnownError {
  enum Match { kText, kPattern };
  std::string_view source;  // libcurl, c-ares, getaddrinfo, errno, libpq, postgres, http, ...
  std::string_view name;    // the library's own name for it: CURLE_COULDNT_CONNECT, ECONNREFUSED
  std::string_view text;    // the exact text (kText) or an RE2 pattern (kPattern)
  FailureKind kind;
  std::string_view category;  // dns, connect, timeout, tls, http_5xx, database, capacity, ...
  Match match = kText;
};

std::span<const KnownError> KnownErrors();

// True for names that may appear on their own in a message (ECONNREFUSED, CURLE_..., EAI_AGAIN,
// ARES_ETIMEOUT): they are matched as words too.
bool IsSymbolicName(std::string_view name);

}  // namespace preflight
