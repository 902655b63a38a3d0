// Between preflight's gtest_main and its listener; not part of the public API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "preflight/classify/network_evidence.h"

namespace preflight::internal {

// The reason given to tests that GoogleTest skips without a message of their own.
void SetSkipReasonForAll(std::string reason);

// What gtest_main's global set-up fails with when the pre-flight did not pass (GoogleTest then
// skips every test); the listener knows it is no test's failure.
inline constexpr const char* kPreflightStopMessage =
    "the pre-flight did not pass: no test runs (its reason is above)";

// The in-process pre-flight's report: embedded in the tests report, and evidence for attribution.
void SetPreflightReport(nlohmann::ordered_json report);

// What the network did under each test: implemented by gtest_main (which interposes the socket
// calls), read by the listener.
class NetworkWatch {
 public:
  virtual ~NetworkWatch() = default;
  virtual void BeginTest() = 0;                // forget what came before
  virtual void FirstFailure() = 0;             // keep what was seen up to now, ignore what follows
  virtual NetworkActivity TakeActivity() = 0;  // what was kept, then forgotten
  // An endpoint of `host` other than `except` that answered this process at any time, or "".
  virtual std::string AnsweredOnHost(const std::string& host, const std::string& except) = 0;
};
void SetNetworkWatch(NetworkWatch* watch);

}  // namespace preflight::internal
