// Scripted probes for engine unit tests: each check's behaviour is a function of virtual time.
#pragma once

#include <map>
#include <string>

#include "preflight/engine/probe.h"
#include "support/fake_scheduler.h"

namespace preflight::testing {

struct FakeBehaviour {
  // What a probe started at `now` observes.
  std::function<ProbeOutcome(Duration now)> outcome;
  Duration latency{5};  // how long one probe takes; longer than its timeout means a timeout
  std::string seen;     // what a probe in flight says it has seen (Probe::Seen)
};

inline ProbeOutcome Ready() {
  return {.ready = true, .detail = "ok"};
}
inline ProbeOutcome NotReady(std::string category, std::string message = "not ready") {
  return {.error = CheckError{std::move(category), std::move(message)}};
}

class FakeProbeFactory final : public ProbeFactory {
 public:
  explicit FakeProbeFactory(FakeScheduler& scheduler) : scheduler_(scheduler) {}

  void Script(const std::string& check, FakeBehaviour behaviour) {
    scripts_[check] = std::move(behaviour);
  }
  int probes_started(const std::string& check) const {
    auto it = started_.find(check);
    return it == started_.end() ? 0 : it->second;
  }
  std::vector<Duration> start_times(const std::string& check) const {
    auto it = start_times_.find(check);
    return it == start_times_.end() ? std::vector<Duration>{} : it->second;
  }

  std::unique_ptr<Probe> Create(const Check& check) override {
    return std::make_unique<FakeProbe>(*this, check.name);
  }

 private:
  class FakeProbe final : public Probe {
   public:
    FakeProbe(FakeProbeFactory& factory, std::string name)
        : factory_(factory), name_(std::move(name)) {}
    void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
      ++factory_.started_[name_];
      factory_.start_times_[name_].push_back(factory_.scheduler_.Now());
      const FakeBehaviour& behaviour = factory_.scripts_.at(name_);
      ProbeOutcome outcome = behaviour.outcome(factory_.scheduler_.Now());
      Duration latency = behaviour.latency;
      if (latency > timeout) {
        latency = timeout;
        outcome = NotReady(std::string(category::kTimeout), "timed out");
      }
      timer_ =
          factory_.scheduler_.After(latency, [done = std::move(done), outcome] { done(outcome); });
    }

    std::string Seen() const override { return factory_.scripts_.at(name_).seen; }

   private:
    FakeProbeFactory& factory_;
    std::string name_;
    std::unique_ptr<Timer> timer_;
  };

  FakeScheduler& scheduler_;
  std::map<std::string, FakeBehaviour> scripts_;
  std::map<std::string, int> started_;
  std::map<std::string, std::vector<Duration>> start_times_;
};

}  // namespace preflight::testing
