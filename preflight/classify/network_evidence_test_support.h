// Shared by the network evidence tests: failures as the watcher records them, and a message
// classified with what the watcher saw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/classify/classifier.h"
#include "preflight/classify/network_evidence.h"

namespace preflight::network_evidence_test {

inline constexpr const char* kReplyNotOk = "Value of: reply.ok\n  Actual: false\nExpected: true";

inline NetworkFailure Refused(std::string target, int port, EndpointFacts facts = {}) {
  return {.operation = "connect",
          .target = std::move(target),
          .error = "refused",
          .category = "connect",
          .stage = NetworkStage::kConnect,
          .port = port,
          .facts = std::move(facts)};
}

inline NetworkFailure LookupFailed(std::string name, int port = 0, EndpointFacts facts = {}) {
  return {.operation = "getaddrinfo",
          .target = std::move(name),
          .error = "Temporary failure in name resolution",
          .category = "dns",
          .stage = NetworkStage::kResolve,
          .port = port,
          .facts = std::move(facts)};
}

inline NetworkActivity Saw(std::vector<NetworkFailure> failures) {
  return {.failures = std::move(failures), .saw_operations = true};
}

inline Classification Classify(std::string_view message, const NetworkActivity& activity,
                               std::vector<DeclaredEndpoint> declared = {}) {
  Classification c = Classifier::Create()->Classify(message);
  AttributeToNetwork(c, activity, declared);
  return c;
}

}  // namespace preflight::network_evidence_test
