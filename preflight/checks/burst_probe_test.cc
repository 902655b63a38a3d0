// Bursts: percentiles, thresholds, and the probe that runs N probes at once in virtual time.
#include "preflight/checks/burst_probe.h"

#include <gtest/gtest.h>

#include "preflight/engine/deferred_report.h"
#include "support/fake_scheduler.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

TEST(Burst, PercentilesAreNearestRankOverTheReadyOnes) {
  std::vector<std::optional<Duration>> latencies;
  for (int ms = 1; ms <= 20; ++ms) latencies.push_back(Duration(std::chrono::milliseconds(ms)));
  latencies.push_back(std::nullopt);
  const BurstStats stats = SummarizeBurst(latencies, "too many clients");
  EXPECT_EQ(stats.attempted, 21);
  EXPECT_EQ(stats.succeeded, 20);
  EXPECT_EQ(stats.p50, 10ms);
  EXPECT_EQ(stats.p95, 19ms);
  EXPECT_EQ(stats.p99, 20ms);
}

TEST(Burst, ThresholdsDecideAndTheNumbersAreAlwaysGiven) {
  BurstSpec spec{.connections = 30, .min_success = 0.85, .max_p95 = 500ms};
  BurstStats good{.attempted = 30, .succeeded = 29, .p50 = 40ms, .p95 = 90ms, .p99 = 120ms};
  ProbeOutcome ready = JudgeBurst(good, spec, "PostgreSQL 15");
  EXPECT_TRUE(ready.ready);
  EXPECT_EQ(ready.detail,
            "PostgreSQL 15; burst of 30: 29 ready (96%), P50 40.0ms P95 90.0ms P99 120.0ms");

  BurstStats refused{.attempted = 30,
                     .succeeded = 20,
                     .p50 = 40ms,
                     .p95 = 90ms,
                     .p99 = 90ms,
                     .first_error = "FATAL:  sorry, too many clients already"};
  ProbeOutcome failed = JudgeBurst(refused, spec, "");
  ASSERT_FALSE(failed.ready);
  EXPECT_EQ(failed.error->category, "capacity");
  EXPECT_EQ(failed.error->message,
            "burst of 30: 20 ready (66%), P50 40.0ms P95 90.0ms P99 90.0ms: below min_success "
            "85% (first failure: FATAL:  sorry, too many clients already)");

  BurstStats slow{.attempted = 30, .succeeded = 30, .p50 = 300ms, .p95 = 700ms, .p99 = 900ms};
  EXPECT_NE(JudgeBurst(slow, spec, "").error->message.find("P95 above max_p95 500ms"),
            std::string::npos);
}

// A probe that is ready after `latency`, or refused when `refuse` says so.
class TimedProbe final : public Probe {
 public:
  TimedProbe(Scheduler& scheduler, Duration latency, bool ready)
      : scheduler_(scheduler), latency_(latency), ready_(ready) {}
  void Start(Duration, std::function<void(ProbeOutcome)> done) override {
    done_ = std::move(done);
    timer_ = scheduler_.After(latency_, [this] {
      done_(ready_ ? ProbeOutcome{.ready = true, .detail = "up"}
                   : ProbeOutcome{.error = CheckError{"capacity", "too many clients"}});
    });
  }

 private:
  Scheduler& scheduler_;
  Duration latency_;
  bool ready_;
  std::function<void(ProbeOutcome)> done_;
  std::unique_ptr<Timer> timer_;
};

TEST(Burst, TheProbeOpensAllAtOnceAfterTheDependencyIsReadyAndPausesBetweenBursts) {
  testing::FakeScheduler scheduler;
  const BurstSpec spec{.connections = 10, .min_success = 0.85};
  int made = 0;
  auto probe = WithBurst(
      std::make_unique<TimedProbe>(scheduler, 5ms, true),
      [&]() -> std::unique_ptr<Probe> {
        ++made;  // 8 of 10 ready, each 10 ms more than the one before
        return std::make_unique<TimedProbe>(
            scheduler, Duration(std::chrono::milliseconds(10 * made)), made <= 8);
      },
      spec, scheduler);
  std::optional<ProbeOutcome> outcome;
  probe->Start(10s, [&](ProbeOutcome o) { outcome = std::move(o); });
  scheduler.Run();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(made, 10);
  ASSERT_FALSE(outcome->ready);
  EXPECT_NE(outcome->error->message.find("burst of 10: 8 ready (80%)"), std::string::npos)
      << outcome->error->message;
  EXPECT_EQ(scheduler.Now(), 105ms) << "5 ms to be ready, then the slowest of the burst: 100 ms";

  // A poll within 5 s reports the last burst without opening another.
  outcome.reset();
  probe->Start(10s, [&](ProbeOutcome o) { outcome = std::move(o); });
  scheduler.Run();
  EXPECT_EQ(made, 10);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->ready);
}

// Counts the probes alive: a burst's connection lives as long as its probe.
class CountedProbe final : public Probe {
 public:
  CountedProbe(Scheduler& scheduler, Duration latency, int& alive)
      : probe_(scheduler, latency, true), alive_(alive) {
    ++alive_;
  }
  ~CountedProbe() override { --alive_; }
  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    probe_.Start(timeout, std::move(done));
  }

 private:
  TimedProbe probe_;
  int& alive_;
};

TEST(Burst, TheBurstIsClosedOnlyWhenTheLastHasAnsweredAndBeforeTheVerdict) {
  testing::FakeScheduler scheduler;
  const BurstSpec spec{.connections = 4, .min_success = 1.0};
  int alive = 0, made = 0;
  auto probe = WithBurst(
      std::make_unique<TimedProbe>(scheduler, 1ms, true),
      [&]() -> std::unique_ptr<Probe> {
        ++made;
        return std::make_unique<CountedProbe>(
            scheduler, Duration(std::chrono::milliseconds(10 * made)), alive);
      },
      spec, scheduler);
  std::optional<int> alive_after_three;  // of four, answering at 11, 21, 31 and 41 ms
  auto observer = scheduler.After(35ms, [&] { alive_after_three = alive; });
  std::optional<int> alive_at_verdict;
  probe->Start(10s, [&](ProbeOutcome o) {
    EXPECT_TRUE(o.ready);
    alive_at_verdict = alive;
  });
  scheduler.Run();
  EXPECT_EQ(alive_after_three, 4);
  EXPECT_EQ(alive_at_verdict, 0);
}

TEST(Burst, NoBurstIsTheCheckItself) {
  testing::FakeScheduler scheduler;
  auto base = std::make_unique<TimedProbe>(scheduler, 1ms, true);
  Probe* raw = base.get();
  EXPECT_EQ(WithBurst(std::move(base), nullptr, BurstSpec{}, scheduler).get(), raw);
}

}  // namespace
}  // namespace preflight
