// Deciding whether an HTTP answer means "ready": transport errors, status expectations and
// `expect_json`. Pure functions, so every rule is unit-tested without a server.
#pragma once

#include <string>

#include "preflight/config/config.h"
#include "preflight/engine/probe.h"

namespace preflight {

struct HttpAnswer {
  long status = 0;
  std::string body;
  std::string redirect;  // where a 3xx points (redirects are not followed)
};

// The category of a libcurl error code (connection_refused, dns, timeout, tls, connect).
std::string_view CurlErrorCategory(int curl_code, long os_errno);

// Ready when the status is expected (default: any 2xx) and every `expect_json` entry holds.
ProbeOutcome EvaluateHttpAnswer(const HttpCheck& check, const HttpAnswer& answer);

}  // namespace preflight
