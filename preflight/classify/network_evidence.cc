// The network-evidence rule and its wording.
#include "preflight/classify/network_evidence.h"

#include <fmt/format.h>

namespace preflight {

std::string DescribeNetworkActivity(const NetworkActivity& activity) {
  std::string out;
  for (const auto& failure : activity.failures) {
    if (!out.empty()) out += "; ";
    out += failure.operation == "getaddrinfo"
               ? fmt::format("getaddrinfo({}) {}", failure.target, failure.error)
               : fmt::format("{} {} {}", failure.operation, failure.target, failure.error);
    if (failure.count > 1) out += fmt::format(" ×{}", failure.count);
  }
  return out;
}

void AttributeToNetworkFailures(Classification& classification, const NetworkActivity& activity) {
  if (!classification.bare() || !classification.looks_like_failed_call ||
      !activity.last_operation_failed || activity.failures.empty())
    return;
  classification.kind = activity.last_kind;
  classification.category =
      activity.last_category.empty() ? activity.failures.back().category : activity.last_category;
  classification.evidence =
      Evidence{"network.during_test", "during the test: " + DescribeNetworkActivity(activity),
               TextKind::kMessage};
}

}  // namespace preflight
