// The listener's console summary.
#include "preflight/report/test_console_summary.h"

#include <fmt/format.h>

namespace preflight {

void ConsoleSummary::OnProgramEnd(const TestProgramEnd& end) {
  fmt::print(out_, "[preflight] {}\n", SummaryLine(end.not_passed, end.passed));
  for (const auto& t : end.not_passed) {
    if (t.outcome != TestOutcome::kFailed) continue;
    const Classification& c = *t.classification;
    fmt::print(out_, "[preflight]   {:<6} {:<14} {}", ToString(c.kind), c.category, t.full_name());
    if (c.evidence)
      fmt::print(out_, "  ({}: {})", c.evidence->rule, c.evidence->text);
    else if (c.near_miss)
      fmt::print(out_, "  (near miss, not evidence: {})", c.near_miss->rule);
    fmt::print(out_, "\n");
  }
  std::fflush(out_);
}

}  // namespace preflight
