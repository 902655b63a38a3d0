// The combination rule for multi-failure tests.
#include "preflight/classify/combine.h"

namespace preflight {

Classification CombineFailures(std::vector<Classification> failures) {
  if (failures.empty()) return Classification{.category = "assertion"};
  for (auto& failure : failures)
    if (failure.kind == FailureKind::kCode && failure.evidence) return std::move(failure);
  Classification& first = failures.front();
  if (first.bare() && first.looks_like_failed_call) {
    for (size_t i = 1; i < failures.size(); ++i)
      if (failures[i].evidence) return std::move(failures[i]);
  }
  return std::move(first);
}

}  // namespace preflight
