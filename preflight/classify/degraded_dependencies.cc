// How a failure "names" a dependency: its host and port together (127.0.0.1:5432); when it is on
// its default port, also a URL of it (http://10.0.0.5/) or its DNS name if that has a dot
// (db.internal). A bare short name ("db") or a bare IP address is too common to be evidence.
#include "preflight/classify/degraded_dependencies.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "preflight/classify/failure_message.h"

namespace preflight {
namespace {

constexpr std::string_view kRule = "preflight.degraded_dependency";

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

bool IsDnsName(std::string_view host) {
  return host.find('.') != std::string_view::npos &&
         std::ranges::any_of(host,
                             [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
         std::ranges::all_of(host, IsHostChar);
}

struct Endpoint {
  std::string host;
  std::string port;
  bool default_port = false;  // not written: the scheme's (80, 443) or PostgreSQL's (5432)
};

// "[user[:password]@]host[:port]" (the authority of a URL or one host of a libpq URI).
Endpoint ParseAuthority(std::string_view authority) {
  if (size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  Endpoint endpoint;
  if (authority.starts_with('[')) {  // [IPv6]:port
    const size_t close = authority.find(']');
    endpoint.host = std::string(
        authority.substr(1, close == std::string_view::npos ? authority.npos : close - 1));
    if (close != std::string_view::npos && close + 1 < authority.size() &&
        authority[close + 1] == ':')
      endpoint.port = std::string(authority.substr(close + 2));
    return endpoint;
  }
  const size_t colon = authority.find(':');
  endpoint.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) endpoint.port = std::string(authority.substr(colon + 1));
  return endpoint;
}

// The endpoints of a URL (http, https, postgres, postgresql; libpq allows h1:p1,h2:p2) or a
// keyword DSN (host=... port=...); `default_port` fills a missing port.
std::vector<Endpoint> Endpoints(std::string_view target, std::string_view default_port) {
  std::vector<Endpoint> endpoints;
  if (size_t scheme = target.find("://"); scheme != std::string_view::npos) {
    std::string_view authority = target.substr(scheme + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    for (size_t start = 0; start <= authority.size();) {
      size_t comma = authority.find(',', start);
      if (comma == std::string_view::npos) comma = authority.size();
      endpoints.push_back(ParseAuthority(authority.substr(start, comma - start)));
      start = comma + 1;
    }
  } else {  // keyword/value conninfo
    Endpoint endpoint;
    for (size_t start = 0; start < target.size();) {
      size_t end = target.find(' ', start);
      if (end == std::string_view::npos) end = target.size();
      std::string_view pair = target.substr(start, end - start);
      if (pair.starts_with("host=") || pair.starts_with("hostaddr="))
        endpoint.host = std::string(pair.substr(pair.find('=') + 1));
      else if (pair.starts_with("port="))
        endpoint.port = std::string(pair.substr(5));
      start = end + 1;
    }
    if (!endpoint.host.empty()) endpoints.push_back(endpoint);
  }
  for (auto& endpoint : endpoints) {
    if (!endpoint.port.empty()) continue;
    endpoint.port = default_port;
    endpoint.default_port = true;
  }
  return endpoints;
}

// `error` (the check's error message) narrows a dns check to the names that failed: the DNS
// probe reports them as "NAME: what went wrong".
std::vector<std::string> Needles(std::string_view type, std::string_view target,
                                 std::string_view error, const nlohmann::json& endpoints) {
  std::vector<std::string> needles;
  auto add_name = [&](std::string_view host) {
    if (IsDnsName(host)) needles.emplace_back(host);
  };
  if (type == "dns") {
    std::vector<std::string_view> hosts, failed;
    for (size_t start = 0; start < target.size();) {
      size_t comma = target.find(',', start);
      if (comma == std::string_view::npos) comma = target.size();
      hosts.push_back(target.substr(start, comma - start));
      if (error.find(fmt::format("{}: ", hosts.back())) != std::string_view::npos)
        failed.push_back(hosts.back());
      start = comma + 1;
    }
    for (std::string_view host : failed.empty() ? hosts : failed) add_name(host);
    return needles;
  }
  const bool http = type == "http";
  if (!http && type != "postgres") {  // other types name their endpoints in the report
    if (endpoints.is_array())
      for (const auto& endpoint : endpoints)
        if (endpoint.is_string()) needles.push_back(endpoint.get<std::string>());
    return needles;
  }
  const std::string_view default_port = !http                          ? "5432"
                                        : target.starts_with("https:") ? "443"
                                                                       : "80";
  for (const auto& endpoint : Endpoints(target, default_port)) {
    if (endpoint.host.empty() || endpoint.host.starts_with('/')) continue;  // a Unix socket
    needles.push_back(endpoint.host.find(':') != std::string::npos
                          ? fmt::format("[{}]:{}", endpoint.host, endpoint.port)
                          : fmt::format("{}:{}", endpoint.host, endpoint.port));
    // Written without its port, a URL on the default port still names it (its scheme too).
    if (!endpoint.default_port) continue;
    if (http)
      needles.push_back(fmt::format("{}://{}", target.substr(0, target.find(':')), endpoint.host));
    add_name(endpoint.host);
  }
  return needles;
}

std::string CategoryFor(std::string_view type, std::string_view error_category) {
  if (error_category.starts_with("dns")) return "dns";
  if (error_category == "connection_refused") return "connect";
  if (error_category == "deadline") return "timeout";
  if (error_category == "database_starting") return "database";
  if (!error_category.empty() && error_category != "prerequisite")
    return std::string(error_category);
  return type == "dns" ? "dns" : type == "postgres" ? "database" : "connect";
}

// Where `needle` occurs in `text` as a whole host (not inside a longer name or port), or npos.
size_t FindWhole(std::string_view text, std::string_view needle) {
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    const bool starts_clean = at == 0 || !IsHostChar(text[at - 1]);
    const bool ends_clean =
        end == text.size() ||
        (!IsHostChar(text[end]) && !(text[end] == ':' && end + 1 < text.size() &&
                                     std::isdigit(static_cast<unsigned char>(text[end + 1]))));
    // "db.internal." at the end of a sentence still names db.internal.
    const bool sentence_dot = end < text.size() && text[end] == '.' &&
                              (end + 1 == text.size() || !IsHostChar(text[end + 1]));
    if (starts_clean && (ends_clean || sentence_dot)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<DegradedDependency> DegradedDependencies(const nlohmann::json& report) {
  std::vector<DegradedDependency> degraded;
  if (!report.is_object() || !report.contains("checks") || !report["checks"].is_array())
    return degraded;
  const bool bypassed = report.value(nlohmann::json::json_pointer("/bypass/active"), false);
  for (const auto& check : report["checks"]) {
    if (!check.is_object()) continue;
    // A check that passed, even after retries, is not evidence: it recovered, and calling a code
    // failure infra is the worst mistake this product can make.
    const std::string status = check.value("status", "");
    if (status != "warned" && status != "failed" && status != "skipped") continue;
    // Ready with a warning (capacity elevated, slow): it answered; not evidence either.
    if (check.value("ready", false)) continue;
    DegradedDependency dependency{.check = check.value("name", "")};
    const std::string type = check.value("type", "");
    std::string error_category, error_message;
    if (check.contains("error") && check["error"].is_object()) {
      error_category = check["error"].value("category", "");
      error_message = check["error"].value("message", "");
    }
    dependency.category = CategoryFor(type, error_category);
    if (status == "skipped")
      dependency.finding =
          fmt::format("the pre-flight did not check {} ({})", dependency.check, error_message);
    else
      dependency.finding =
          fmt::format("{} failed the pre-flight{} ({}: {})", dependency.check,
                      bypassed ? " under an emergency bypass" : "", error_category, error_message);
    dependency.needles = Needles(type, check.value("target", ""), error_message,
                                 check.value("endpoints", nlohmann::json()));
    if (!dependency.needles.empty()) degraded.push_back(std::move(dependency));
  }
  return degraded;
}

std::vector<DeclaredEndpoint> DeclaredEndpoints(const nlohmann::json& report) {
  std::vector<DeclaredEndpoint> declared;
  if (!report.is_object() || !report.contains("checks") || !report["checks"].is_array())
    return declared;
  for (const auto& check : report["checks"]) {
    if (!check.is_object()) continue;
    const std::string status = check.value("status", "");
    const bool healthy = status == "passed" || (status == "warned" && check.value("ready", false));
    for (auto& needle : Needles(check.value("type", ""), check.value("target", ""), "",
                                check.value("endpoints", nlohmann::json())))
      declared.push_back({std::move(needle), healthy});
  }
  return declared;
}

void AttributeToDegradedDependency(Classification& decided, std::string_view message,
                                   const std::vector<DegradedDependency>& degraded) {
  if (decided.kind != FailureKind::kCode || decided.evidence || degraded.empty()) return;
  for (const TextPart& part : SplitFailureMessage(message)) {
    if (part.kind == TextKind::kExpression) continue;
    for (const auto& dependency : degraded) {
      for (const auto& needle : dependency.needles) {
        const size_t at = FindWhole(part.text, needle);
        if (at == std::string_view::npos) continue;
        decided.kind = FailureKind::kInfra;
        decided.category = dependency.category;
        decided.evidence = Evidence{
            std::string(kRule),
            fmt::format("{} [{}]", LineAround(part.text, at), dependency.finding), part.kind};
        decided.near_miss.reset();
        return;
      }
    }
  }
}

}  // namespace preflight
