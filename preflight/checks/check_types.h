// The registry: every check type preflight knows, in one list. Adding a type is a file pair in
// this folder (see check_type.h) and one entry here; the compiler finds whatever else it needs.
#pragma once

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "preflight/checks/dns_check.h"
#include "preflight/checks/exec_check.h"
#include "preflight/checks/http_check.h"
#include "preflight/checks/postgres_check.h"
#include "preflight/checks/redis_check.h"
#include "preflight/checks/tcp_check.h"

namespace preflight {

using CheckSpec = std::variant<DnsCheck, HttpCheck, PostgresCheck, TcpCheck, ExecCheck, RedisCheck>;

// The `type` names, in registry order: dns, http, postgres, tcp, exec, redis.
const std::vector<std::string_view>& CheckTypeNames();

// An empty spec of the named type, or nullopt for a name no type has.
std::optional<CheckSpec> NewCheckSpec(std::string_view type);

// The keys a check table of this type may hold, `type`, `after` and `required` included.
std::vector<std::string_view> CheckKeys(const CheckSpec& spec);

}  // namespace preflight
