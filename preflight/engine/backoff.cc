// Poll-interval and retry-jitter arithmetic.
#include "preflight/engine/backoff.h"

#include <algorithm>

#include "preflight/config/config.h"

namespace preflight {

Duration PollInterval(Duration elapsed, Duration longest) {
  return std::clamp(elapsed / 10, std::min(kMinPollInterval, longest), longest);
}

Duration JitteredPollInterval(Duration interval, const std::function<double()>& uniform01) {
  const double fraction = uniform01 ? std::clamp(uniform01(), 0.0, 1.0) : 1.0;
  return interval * 3 / 4 + Duration(static_cast<Duration::rep>(fraction * (interval / 4).count()));
}

Duration JitteredDelay(Duration delay, const std::function<double()>& uniform01) {
  const auto half = delay / 2;
  const double fraction = std::clamp(uniform01(), 0.0, 1.0);
  return std::min(delay,
                  half + Duration(static_cast<Duration::rep>(fraction * (delay - half).count())));
}

}  // namespace preflight
