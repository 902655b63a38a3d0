// `type = "tcp"`: a TCP connection to HOST:PORT is accepted (what every "wait-for-it" does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

struct TcpCheck {
  static constexpr std::string_view kType = "tcp";
  static constexpr std::string_view kKeys[] = {"address", "warmup"};
  static constexpr Duration kDefaultWarmup = std::chrono::seconds{30};

  std::string address;  // "HOST:PORT" or "[IPv6]:PORT"
  Duration warmup = kDefaultWarmup;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return warmup; }
  std::string Target() const { return address; }
  std::string Describe() const;
  std::vector<std::string> Endpoints() const { return {address}; }
};

// Resolves the host with c-ares when it is a name, then connects on the loop: ready when the
// connection is accepted (and closed at once); refused, unreachable and timed out otherwise.
std::unique_ptr<Probe> MakeProbe(const TcpCheck& check, const ProbeContext& context);

}  // namespace preflight
