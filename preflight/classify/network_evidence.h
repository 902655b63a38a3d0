// What the network did under a test, as the test binary saw it (gtest_main watches getaddrinfo,
// connect, getsockopt(SO_ERROR), send and recv), and the rule that makes it evidence.
#pragma once

#include <string>
#include <vector>

#include "preflight/classify/classifier.h"

namespace preflight {

struct NetworkFailure {
  std::string operation;  // "connect", "getaddrinfo", "recv", "send"
  std::string target;     // "10.2.0.7:5432", "api.staging.example"
  std::string error;      // "refused", "Temporary failure in name resolution"
  std::string category;   // "connect", "dns", "timeout", "unknown_host"
  int count = 1;
  FailureKind kind = FailureKind::kInfra;  // config: the name does not exist (NXDOMAIN)
};

// The network operations of a test up to its first failure.
struct NetworkActivity {
  std::vector<NetworkFailure> failures;  // grouped by operation, target and error, oldest first
  bool last_operation_failed = false;    // the last operation before the first failure failed
  FailureKind last_kind = FailureKind::kInfra;  // of that operation
  std::string last_category;
};

// "connect 10.2.0.7:5432 refused ×3; getaddrinfo(api.staging.example) Temporary failure…".
std::string DescribeNetworkActivity(const NetworkActivity& activity);

// A bare failure (no evidence in its text) that looks like a failed call (it checked success, or
// its values are false, -1, null, empty), in a test whose last network operation before the
// failure failed, is infra (config when that operation was a name lookup told the name does not
// exist). A test that expected the failure is not attributed (Classification decides that). A test
// that probed a closed port on purpose and then went on (a later operation succeeded), or then
// failed an unrelated comparison (41 where 42 was expected), stays code.
void AttributeToNetworkFailures(Classification& classification, const NetworkActivity& activity);

}  // namespace preflight
