// The listener's last words on the console: the split in one line, then each failure with its
// kind, category and evidence.
#pragma once

#include <cstdio>

#include "preflight/report/test_events.h"

namespace preflight {

class ConsoleSummary final : public TestEventSubscriber {
 public:
  explicit ConsoleSummary(std::FILE* out = stdout) : out_(out) {}
  void OnProgramEnd(const TestProgramEnd& end) override;

 private:
  std::FILE* out_;
};

}  // namespace preflight
