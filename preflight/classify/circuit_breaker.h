// When to stop a suite because staging is down: after N consecutive infrastructure failures,
// or (optionally) once more than a share of the first M tests failed for infrastructure.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace preflight {

// "50%/20": opens when more than 50% of the first 20 tests failed for infrastructure.
struct BreakerShare {
  int percent = 0;  // 1..100
  int first = 0;    // >= 1
};

// Accepts "P%/M"; an error says what is wrong and shows the form.
std::expected<BreakerShare, std::string> ParseBreakerShare(std::string_view text);

class CircuitBreaker {
 public:
  // `consecutive` 0: no consecutive rule.
  CircuitBreaker(int consecutive, std::optional<BreakerShare> share)
      : consecutive_limit_(consecutive), share_(share) {}

  // Called for every test that ran (not for skipped ones). Returns why the breaker opened when
  // this result opened it; nothing otherwise (also once it is open).
  std::optional<std::string> Record(bool infra_failure);
  bool open() const { return open_; }
  // Staging's checks said it is up (or came back): count again from zero. The share rule, once
  // it has fired, does not fire again.
  void Close() {
    open_ = false;
    consecutive_ = 0;
    if (share_fired_) share_.reset();
  }

 private:
  int consecutive_limit_;
  std::optional<BreakerShare> share_;
  int consecutive_ = 0, ran_ = 0, infra_in_first_ = 0;
  bool open_ = false, share_fired_ = false;
};

}  // namespace preflight
