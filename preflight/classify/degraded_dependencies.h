// Evidence from the pre-flight: a test failure that names a dependency the pre-flight saw
// degraded (failed under a bypass, failed but not required, or not checked) is an
// infrastructure failure, unless the classifier found evidence of its own.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/classify/classifier.h"
#include "preflight/classify/network_evidence.h"

namespace preflight {

struct DegradedDependency {
  std::string check;                 // the check's name, e.g. "vpc_connector"
  std::string category;              // given to the failures it explains: "connect", "database"...
  std::string finding;               // what the pre-flight saw, for the evidence text
  std::vector<std::string> needles;  // how a failure names it: "db.internal", "10.0.0.7:5432"
};

// From a `preflight.check/v1` report; healthy checks are left out. A report of another shape
// gives none.
std::vector<DegradedDependency> DegradedDependencies(const nlohmann::json& check_report);

// Every check's endpoints ("host:port") and names, and whether the check found it healthy: the
// dependencies the run declared, for the endpoints principle (network_evidence.h).
std::vector<DeclaredEndpoint> DeclaredEndpoints(const nlohmann::json& check_report);

// When `decided` is a code failure without evidence and the evidence text of `message` (never
// the test's own expressions) names a degraded dependency, makes it infra with that evidence.
void AttributeToDegradedDependency(Classification& decided, std::string_view message,
                                   const std::vector<DegradedDependency>& degraded);

}  // namespace preflight
