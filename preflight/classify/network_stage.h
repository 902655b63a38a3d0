// The stages a network exchange passes through, in order, and which stage a text speaks of. The
// expected side of an assertion names the stage a test was testing (`Error::ConnectionTimeout`,
// `EXPECT_EQ(401, res->status)`); evidence names the stage where the exchange stopped. Evidence
// from an earlier stage than the tested one means the test never reached what it tested.
#pragma once

#include <optional>
#include <string_view>

namespace preflight {

enum class NetworkStage {
  kResolve,   // a name lookup
  kConnect,   // opening the connection
  kTls,       // the handshake, certificates
  kExchange,  // the request sent, its answer awaited: resets, closes, read timeouts
  kStatus,    // the answer's status: 401, 302, 503
  kBody,      // the answer itself: what a success check tests
};

std::string_view ToString(NetworkStage stage);

// The earliest stage `text` names (an error text, a constant such as COULDNT_RESOLVE_HOST or
// asio::error::connection_refused, an HTTP status), or none.
std::optional<NetworkStage> StageNamedBy(std::string_view text);

}  // namespace preflight
