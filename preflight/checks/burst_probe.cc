// Bursts of concurrent connections, their statistics and the verdict.
#include "preflight/checks/burst_probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "preflight/engine/deferred_report.h"

namespace preflight {

BurstStats SummarizeBurst(const std::vector<std::optional<Duration>>& latencies,
                          std::string first_error) {
  BurstStats stats{.attempted = static_cast<int>(latencies.size()),
                   .first_error = std::move(first_error)};
  std::vector<Duration> ready;
  for (const auto& latency : latencies)
    if (latency) ready.push_back(*latency);
  stats.succeeded = static_cast<int>(ready.size());
  if (ready.empty()) return stats;
  std::ranges::sort(ready);
  // Nearest rank: the smallest time at or above the given share of the ready probes.
  auto percentile = [&](double p) {
    const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(ready.size())));
    return ready[std::clamp<size_t>(rank, 1, ready.size()) - 1];
  };
  stats.p50 = percentile(0.50);
  stats.p95 = percentile(0.95);
  stats.p99 = percentile(0.99);
  return stats;
}

ProbeOutcome JudgeBurst(const BurstStats& stats, const BurstSpec& spec, std::string detail) {
  const double rate =
      stats.attempted == 0 ? 0 : static_cast<double>(stats.succeeded) / stats.attempted;
  std::string numbers = fmt::format("burst of {}: {} ready ({:.0f}%)", stats.attempted,
                                    stats.succeeded, std::floor(rate * 100));
  if (stats.succeeded > 0)
    numbers += fmt::format(", P50 {} P95 {} P99 {}", FormatElapsed(stats.p50),
                           FormatElapsed(stats.p95), FormatElapsed(stats.p99));
  std::string missed;
  if (rate < spec.min_success)
    missed = fmt::format("below min_success {:.0f}%", spec.min_success * 100);
  else if (spec.max_p95 && stats.p95 > *spec.max_p95)
    missed = fmt::format("P95 above max_p95 {}", FormatDuration(*spec.max_p95));
  if (missed.empty()) return {.ready = true, .detail = fmt::format("{}; {}", detail, numbers)};
  std::string message = fmt::format("{}: {}", numbers, missed);
  if (!stats.first_error.empty()) message += fmt::format(" (first failure: {})", stats.first_error);
  return {.error = CheckError{"capacity", std::move(message)}, .retryable = true};
}

namespace {

constexpr Duration kBurstGap = std::chrono::seconds(5);

class BurstProbe final : public Probe {
 public:
  BurstProbe(std::unique_ptr<Probe> base, std::function<std::unique_ptr<Probe>()> make_one,
             const BurstSpec& spec, Scheduler& scheduler)
      : make_one_(std::move(make_one)),
        base_(std::move(base)),
        spec_(spec),
        scheduler_(scheduler) {}

  std::string Seen() const override {
    if (burst_.empty()) return base_->Seen();
    return fmt::format("a burst of {} connections in flight, {} answered", burst_.size(),
                       answered_);
  }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    burst_.clear();
    base_->Start(timeout, [this, timeout, done = std::move(done)](ProbeOutcome outcome) mutable {
      if (!outcome.ready) return done(std::move(outcome));
      const Duration now = scheduler_.Now();
      if (last_ && now - last_at_ < kBurstGap) return done(*last_);
      StartBurst(now, timeout, std::move(outcome.detail), std::move(done));
    });
  }

 private:
  void StartBurst(Duration started, Duration timeout, std::string detail,
                  std::function<void(ProbeOutcome)> done) {
    latencies_.assign(spec_.connections, std::nullopt);
    first_error_.clear();
    answered_ = 0;
    for (int i = 0; i < spec_.connections; ++i) burst_.push_back(make_one_());
    const Duration remaining = std::max(timeout - (scheduler_.Now() - started), Duration{1});
    for (int i = 0; i < spec_.connections; ++i) {
      const Duration at = scheduler_.Now();
      burst_[i]->Start(remaining, [this, i, at, detail, done](ProbeOutcome outcome) {
        if (outcome.ready)
          latencies_[i] = scheduler_.Now() - at;
        else if (first_error_.empty() && outcome.error)
          first_error_ = outcome.error->message;
        if (++answered_ < spec_.connections) return;
        last_ = JudgeBurst(SummarizeBurst(latencies_, first_error_), spec_, detail);
        last_at_ = scheduler_.Now();
        // From a fresh loop callback: the engine may then destroy this probe, and with it the
        // libcurl handle whose callback we are in. The burst's connections close first.
        report_.Arm([this, done](ProbeOutcome verdict) {
          burst_.clear();
          done(std::move(verdict));
        });
        report_.Deliver(*last_);
      });
    }
  }

  std::function<std::unique_ptr<Probe>()> make_one_;  // destroyed after the probes it made
  std::unique_ptr<Probe> base_;
  const BurstSpec& spec_;
  Scheduler& scheduler_;
  std::vector<std::unique_ptr<Probe>> burst_;
  std::vector<std::optional<Duration>> latencies_;
  std::string first_error_;
  int answered_ = 0;
  std::optional<ProbeOutcome> last_;
  Duration last_at_{0};
  DeferredReport report_{scheduler_};
};

}  // namespace

std::unique_ptr<Probe> WithBurst(std::unique_ptr<Probe> base,
                                 std::function<std::unique_ptr<Probe>()> make_one,
                                 const BurstSpec& spec, Scheduler& scheduler) {
  if (spec.connections == 0) return base;
  return std::make_unique<BurstProbe>(std::move(base), std::move(make_one), spec, scheduler);
}

}  // namespace preflight
