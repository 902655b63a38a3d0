// Status, JSON-pointer and comparison rules for HTTP health endpoints.
#include "preflight/probes/http_evaluation.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>

namespace preflight {
namespace {

using nlohmann::json;

// The first line of an error page: its <title> for HTML, else the start of the body.
std::string BodySnippet(const std::string& body) {
  std::string lower(body.substr(0, 4096));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (auto open = lower.find("<title>"); open != std::string::npos) {
    auto close = lower.find("</title>", open);
    if (close != std::string::npos)
      return "HTML page \"" + body.substr(open + 7, close - open - 7) + "\"";
  }
  std::string snippet = body.substr(0, 160);
  std::replace_if(
      snippet.begin(), snippet.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return snippet;
}

bool StatusExpected(const HttpCheck& check, long status) {
  if (check.expect_status.empty()) return status >= 200 && status < 300;
  return std::find(check.expect_status.begin(), check.expect_status.end(), status) !=
         check.expect_status.end();
}

std::string_view OperatorText(Comparison comparison) {
  switch (comparison) {
    case Comparison::kLess:
      return "<";
    case Comparison::kLessEqual:
      return "<=";
    case Comparison::kGreater:
      return ">";
    case Comparison::kGreaterEqual:
      return ">=";
    case Comparison::kEqual:
      break;
  }
  return "=";
}

// Empty when `actual` meets the expectation, else why not.
std::string Unmet(const JsonExpectation& e, const json& actual) {
  const std::string shown = actual.dump();
  if (e.comparison != Comparison::kEqual) {
    if (!actual.is_number())
      return fmt::format("{} is {}, expected a number {}", e.pointer, shown, e.as_written);
    const double value = actual.get<double>(), limit = std::get<double>(e.expected);
    bool ok = false;
    switch (e.comparison) {
      case Comparison::kLess:
        ok = value < limit;
        break;
      case Comparison::kLessEqual:
        ok = value <= limit;
        break;
      case Comparison::kGreater:
        ok = value > limit;
        break;
      case Comparison::kGreaterEqual:
        ok = value >= limit;
        break;
      case Comparison::kEqual:
        break;
    }
    return ok ? ""
              : fmt::format("{} is {}, expected {} {}", e.pointer, shown,
                            OperatorText(e.comparison), limit);
  }
  bool ok = std::visit(
      [&](const auto& expected) {
        using T = std::decay_t<decltype(expected)>;
        if constexpr (std::is_same_v<T, std::string>)
          return actual.is_string() && actual.get<std::string>() == expected;
        if constexpr (std::is_same_v<T, double>)
          return actual.is_number() && actual.get<double>() == expected;
        if constexpr (std::is_same_v<T, bool>)
          return actual.is_boolean() && actual.get<bool>() == expected;
      },
      e.expected);
  const std::string wanted =
      std::holds_alternative<std::string>(e.expected) ? json(e.as_written).dump() : e.as_written;
  return ok ? "" : fmt::format("{} is {}, expected {}", e.pointer, shown, wanted);
}

}  // namespace

std::string_view CurlErrorCategory(int curl_code, long os_errno) {
  switch (curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return category::kDns;
    case CURLE_COULDNT_CONNECT:
      return os_errno == ECONNREFUSED ? category::kConnectionRefused : category::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return category::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return category::kTls;
    default:
      return category::kConnect;
  }
}

ProbeOutcome EvaluateHttpAnswer(const HttpCheck& check, const HttpAnswer& answer) {
  auto not_ready = [&](std::string_view category, std::string why) {
    return ProbeOutcome{
        .error = CheckError{std::string(category), fmt::format("GET {}: {}", check.url, why)}};
  };
  if (!StatusExpected(check, answer.status)) {
    std::string expected = check.expect_status.empty()
                               ? "2xx"
                               : fmt::format("{}", fmt::join(check.expect_status, " or "));
    std::string why = fmt::format("HTTP {} (expected {})", answer.status, expected);
    if (!answer.redirect.empty())
      why += fmt::format(", redirected to {} (not followed: point `url` there, or expect_status)",
                         answer.redirect);
    else if (!answer.body.empty())
      why += ": " + BodySnippet(answer.body);
    return not_ready(answer.status >= 500 ? category::kHttp5xx : category::kHttpStatus, why);
  }
  if (check.expect_json.empty())
    return {.ready = true, .detail = fmt::format("HTTP {}", answer.status)};
  json body = json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return not_ready(category::kUnhealthy, fmt::format("HTTP {} but the body is not JSON: {}",
                                                       answer.status, BodySnippet(answer.body)));
  std::vector<std::string> unmet;
  for (const auto& e : check.expect_json) {
    try {
      json::json_pointer pointer(e.pointer);
      if (!body.contains(pointer)) {
        unmet.push_back(fmt::format("{} is missing", e.pointer));
        continue;
      }
      if (std::string why = Unmet(e, body.at(pointer)); !why.empty()) unmet.push_back(why);
    } catch (const json::exception& error) {
      unmet.push_back(fmt::format("{}: {}", e.pointer, error.what()));
    }
  }
  if (!unmet.empty())
    return not_ready(category::kUnhealthy, fmt::format("HTTP {} but unhealthy: {}", answer.status,
                                                       fmt::join(unmet, "; ")));
  return {
      .ready = true,
      .detail = fmt::format("HTTP {}, {} expectation{} met", answer.status,
                            check.expect_json.size(), check.expect_json.size() == 1 ? "" : "s")};
}

}  // namespace preflight
