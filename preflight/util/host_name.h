// Whether a name looked up could ever be a name in DNS. One that cannot (`127.0.0.`, `10.0.0.300`,
// `api..example`) is an address mangled on its way, never a name someone registered: a failed
// lookup of it is no outage, whatever the resolver said.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preflight {

// Why `name` cannot be a host name in DNS, or nothing when it can (or when it is empty, as a
// lookup of the local host's own addresses is). Bytes beyond ASCII are let through (IDN).
std::optional<std::string> WhyNotAHostName(std::string_view name);

}  // namespace preflight
