// `type = "redis"`: the server answers PING with PONG, after AUTH and SELECT when the URL asks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

struct RedisCheck {
  static constexpr std::string_view kType = "redis";
  static constexpr std::string_view kKeys[] = {"url", "warmup"};
  static constexpr Duration kDefaultWarmup = std::chrono::seconds{30};

  std::string url;  // redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]
  Duration warmup = kDefaultWarmup;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return warmup; }
  std::string Target() const { return url; }
  std::string Describe() const;
  std::vector<std::string> Endpoints() const;
};

// hiredis's async API on the loop (the host resolved with c-ares first: hiredis would block).
// LOADING (a restarting server reading its data) is retried like PostgreSQL's starting up; "max
// number of clients reached" is capacity; a wrong password is config.
std::unique_ptr<Probe> MakeProbe(const RedisCheck& check, const ProbeContext& context);

}  // namespace preflight
