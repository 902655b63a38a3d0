// `type = "dns"`: every name resolves (A or AAAA) through the given servers or the system's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

struct DnsCheck {
  static constexpr std::string_view kType = "dns";
  static constexpr std::string_view kKeys[] = {"hosts", "servers", "timeout"};
  static constexpr Duration kDefaultTimeout = std::chrono::seconds{5};

  std::vector<std::string> hosts;
  std::vector<std::string> servers;  // "IP" or "IP:PORT"; empty: the system resolver
  Duration timeout = kDefaultTimeout;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return timeout; }
  std::string Target() const;
  std::string Describe() const;
  std::vector<std::string> Endpoints() const { return hosts; }  // failures name the names
};

std::unique_ptr<Probe> MakeProbe(const DnsCheck& check, const ProbeContext& context);

}  // namespace preflight
