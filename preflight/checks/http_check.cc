// The http check's keys and their validation; its probe is probes/http_probe.
#include "preflight/checks/http_check.h"

#include "preflight/checks/burst_probe.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "preflight/probes/curl_multi.h"
#include "preflight/probes/http_probe.h"

namespace preflight {
namespace {

std::optional<JsonExpectation> ParseExpectation(TableReader& reader, const std::string& pointer,
                                                const toml::node& value) {
  JsonExpectation expectation{.pointer = pointer};
  if (!pointer.empty() && pointer.front() != '/') {
    reader.ErrorAtNode(value, fmt::format("\"{}\" is not a JSON pointer", pointer),
                       fmt::format("JSON pointers start with /: \"/{}\"", pointer));
    return std::nullopt;
  }
  if (auto b = value.as_boolean()) {
    expectation.expected = b->get();
    expectation.as_written = b->get() ? "true" : "false";
  } else if (value.is_integer() || value.is_floating_point()) {
    expectation.expected = value.is_integer() ? static_cast<double>(value.as_integer()->get())
                                              : value.as_floating_point()->get();
    expectation.as_written = fmt::format("{}", std::get<double>(expectation.expected));
  } else if (auto s = value.as_string()) {
    std::string text = s->get();
    expectation.as_written = text;
    static constexpr std::pair<std::string_view, Comparison> kOperators[] = {
        {"<=", Comparison::kLessEqual},
        {">=", Comparison::kGreaterEqual},
        {"<", Comparison::kLess},
        {">", Comparison::kGreater}};
    for (auto [op, comparison] : kOperators) {
      if (!text.starts_with(op)) continue;
      std::string operand = text.substr(op.size());
      operand.erase(0, operand.find_first_not_of(' '));
      char* end = nullptr;
      double number = operand.empty() ? 0 : std::strtod(operand.c_str(), &end);
      if (operand.empty() || end == nullptr || *end != '\0') {
        reader.ErrorAtNode(value, fmt::format("\"{}\": {} needs a number after it", text, op),
                           fmt::format("e.g. \"{} 0.8\"", op));
        return std::nullopt;
      }
      expectation.comparison = comparison;
      expectation.expected = number;
      return expectation;
    }
    expectation.expected = std::move(text);
  } else {
    reader.ErrorAtNode(value,
                       fmt::format("expected value for \"{}\" must be a string, number or "
                                   "boolean, not {}",
                                   pointer, TomlTypeName(value.type())),
                       "e.g. \"/status\" = \"healthy\" or \"/pool\" = \"<= 0.8\"");
    return std::nullopt;
  }
  return expectation;
}

bool IsHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

void ValidateUrl(TableReader& reader, const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  const std::string hint = "write a full URL: \"https://staging.example.com/health\"";
  if (CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK) {
    reader.Error("url", fmt::format("\"{}\" is not a valid URL: {}", url, curl_url_strerror(rc)),
                 hint);
    return;
  }
  char* scheme = nullptr;
  curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0);
  std::string scheme_text = scheme ? scheme : "";
  curl_free(scheme);
  if (scheme_text != "http" && scheme_text != "https")
    reader.Error(
        "url", fmt::format("\"{}\": scheme must be http or https, not {}", url, scheme_text), hint);
}

}  // namespace

void HttpCheck::Parse(TableReader& reader, Redactor& redactor) {
  reader.Require("url", "url = \"https://staging.example.com/health\"");
  if (auto value = reader.String("url")) {
    ValidateUrl(reader, *value);
    url = std::move(*value);
  }
  if (auto value = reader.DurationValue("warmup")) warmup = *value;
  if (const toml::node* node = reader.Node("expect_status")) {
    if (node->is_integer()) {
      reader.ErrorAtNode(*node, "`expect_status` must be an array", "expect_status = [200]");
    } else if (const toml::array* statuses = node->as_array()) {
      for (const toml::node& element : *statuses) {
        auto code = element.value<int64_t>();
        if (!element.is_integer() || *code < 100 || *code > 599) {
          reader.ErrorAtNode(element, "`expect_status` holds HTTP status codes (100..599)",
                             "expect_status = [200, 204]");
          continue;
        }
        expect_status.push_back(static_cast<int>(*code));
      }
    } else {
      reader.ErrorAtNode(
          *node,
          fmt::format("`expect_status` must be an array, not {}", TomlTypeName(node->type())),
          "expect_status = [200]");
    }
  }
  if (const toml::table* expectations = reader.Table("expect_json")) {
    for (auto&& [pointer, value] : *expectations)
      if (auto e = ParseExpectation(reader, std::string(pointer.str()), value))
        expect_json.push_back(std::move(*e));
  }
  if (const toml::table* table = reader.Table("headers")) {
    TableReader header_reader(reader.source(), *table, reader.context() + " headers", {});
    for (auto&& [name, value] : *table) {
      std::string header(name.str());
      if (!IsHeaderName(header))
        reader.ErrorAtNode(value, fmt::format("\"{}\" is not a valid HTTP header name", header));
      auto text = header_reader.String(header);
      if (!text) continue;
      if (IsSecretName(header) || header == "Cookie" || header.find("Key") != std::string::npos)
        redactor.AddSecret(*text);
      headers[header] = std::move(*text);
    }
  }
  if (auto value = reader.String("ca_file")) ca_file = std::move(*value);
  if (auto value = reader.Bool("insecure")) insecure = *value;
  burst.Parse(reader);
}

std::string HttpCheck::Describe() const {
  std::string out = fmt::format("GET {}, warmup {}", url, FormatDuration(warmup));
  out += expect_status.empty() ? ", expect 2xx"
                               : fmt::format(", expect {}", fmt::join(expect_status, "/"));
  for (const auto& e : expect_json) {
    if (e.comparison == Comparison::kEqual)
      out += fmt::format(", {} = {}", e.pointer, e.as_written);
    else
      out += fmt::format(", {} {}", e.pointer, e.as_written);
  }
  for (const auto& [name, value] : headers) out += fmt::format(", header {}: {}", name, value);
  if (!ca_file.empty()) out += fmt::format(", CA {}", ca_file);
  if (insecure) out += ", TLS VERIFICATION OFF (insecure = true)";
  return out + burst.Describe();
}

std::vector<std::string> HttpCheck::Endpoints() const {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char *host = nullptr, *port = nullptr;
  curl_url_get(handle.get(), CURLUPART_HOST, &host, 0);
  curl_url_get(handle.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
  std::vector<std::string> endpoints;
  if (host && port) {
    std::string name = host;
    if (name.starts_with('[')) name = name.substr(1, name.size() - 2);
    endpoints.push_back(JoinHostPort(name, port));
  }
  curl_free(host);
  curl_free(port);
  return endpoints;
}

std::unique_ptr<Probe> MakeProbe(const HttpCheck& check, const ProbeContext& context) {
  // The burst's requests share a libcurl handle of their own, allowed to open them all at once.
  std::shared_ptr<CurlMulti> burst_curl;
  if (check.burst.connections > 0)
    burst_curl = std::make_shared<CurlMulti>(context.loop, check.burst.connections);
  return WithBurst(
      MakeHttpProbe(context.curl, check),
      [burst_curl, &check] { return MakeHttpProbe(*burst_curl, check); }, check.burst,
      context.scheduler);
}

}  // namespace preflight
