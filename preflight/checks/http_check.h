// `type = "http"`: GET the URL until it answers as healthy (status, JSON expectations).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "preflight/checks/burst.h"
#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

enum class Comparison { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// One `expect_json` entry: the value at `pointer` must compare to `expected`.
struct JsonExpectation {
  std::string pointer;  // RFC 6901, e.g. "/status"
  Comparison comparison = Comparison::kEqual;
  std::variant<std::string, double, bool> expected;
  std::string as_written;  // e.g. "<= 0.8", for messages
};

struct HttpCheck {
  static constexpr std::string_view kType = "http";
  static constexpr std::string_view kKeys[] = {
      "url",     "warmup",   "expect_status", "expect_json", "headers",
      "ca_file", "insecure", "burst",         "min_success", "max_p95"};
  static constexpr Duration kDefaultWarmup = std::chrono::seconds{60};

  std::string url;
  Duration warmup = kDefaultWarmup;
  std::vector<int> expect_status;  // empty: any 2xx
  std::vector<JsonExpectation> expect_json;
  std::map<std::string, std::string> headers;
  std::string ca_file;
  bool insecure = false;  // TLS verification off; always printed as a warning
  BurstSpec burst;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return warmup; }
  std::string Target() const { return url; }
  std::string Describe() const;
  std::vector<std::string> Endpoints() const;
};

std::unique_ptr<Probe> MakeProbe(const HttpCheck& check, const ProbeContext& context);

}  // namespace preflight
