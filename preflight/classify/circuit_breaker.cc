// The share rule opens as soon as the outcome is certain: with 50%/20, at the 11th infra failure
// among the first 20 tests, not after the 20th test.
#include "preflight/classify/circuit_breaker.h"

#include <fmt/format.h>
#include <charconv>
#include <cstdint>

namespace preflight {
namespace {

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::expected<BreakerShare, std::string> ParseBreakerShare(std::string_view text) {
  const size_t percent_sign = text.find("%/");
  const auto percent = percent_sign == std::string_view::npos
                           ? std::nullopt
                           : ParseInt(text.substr(0, percent_sign));
  const auto first = percent_sign == std::string_view::npos
                         ? std::nullopt
                         : ParseInt(text.substr(percent_sign + 2));
  if (!percent || !first)
    return std::unexpected(fmt::format(
        "\"{}\": write PERCENT%/TESTS, e.g. 50%/20 (more than half of the first 20 tests)", text));
  if (*percent < 1 || *percent > 100)
    return std::unexpected(fmt::format("\"{}\": the share must be 1% to 100%", text));
  if (*first < 1)
    return std::unexpected(fmt::format("\"{}\": the number of tests must be at least 1", text));
  return BreakerShare{*percent, *first};
}

std::optional<std::string> CircuitBreaker::Record(bool infra_failure) {
  if (open_) return std::nullopt;
  consecutive_ = infra_failure ? consecutive_ + 1 : 0;
  if (++ran_ <= (share_ ? share_->first : 0) && infra_failure) ++infra_in_first_;
  if (consecutive_limit_ > 0 && consecutive_ >= consecutive_limit_) {
    open_ = true;
    return fmt::format("{} consecutive infrastructure failures", consecutive_);
  }
  if (share_ && int64_t{infra_in_first_} * 100 > int64_t{share_->percent} * share_->first) {
    open_ = share_fired_ = true;
    return fmt::format("{} of the first {} tests failed for infrastructure (more than {}%)",
                       infra_in_first_, share_->first, share_->percent);
  }
  return std::nullopt;
}

}  // namespace preflight
