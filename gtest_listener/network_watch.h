// Starts watching the test binary's network calls for the listener (unless
// PREFLIGHT_NETWORK_EVIDENCE=0). Part of preflight::gtest_main: main() calls it, which also links
// the interposed socket functions into every test executable built with it.
#pragma once

namespace preflight {

void StartNetworkWatch();

}  // namespace preflight
