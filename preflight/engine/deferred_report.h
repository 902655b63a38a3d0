// Delivers a probe's outcome from a fresh event-loop callback: the receiver may then destroy the
// probe, and no library (c-ares, libpq) sees its own callback re-entered.
#pragma once

#include <functional>
#include <memory>

#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

class DeferredReport {
 public:
  explicit DeferredReport(Scheduler& scheduler) : scheduler_(scheduler) {}

  void Arm(std::function<void(ProbeOutcome)> done) { done_ = std::move(done); }

  void Deliver(ProbeOutcome outcome) {
    timer_ = scheduler_.After(Duration{0}, [this, outcome = std::move(outcome)] {
      auto done = std::move(done_);
      done_ = nullptr;
      if (done) done(outcome);  // may destroy the probe that owns this
    });
  }

 private:
  Scheduler& scheduler_;
  std::function<void(ProbeOutcome)> done_;
  std::unique_ptr<Timer> timer_;
};

}  // namespace preflight
