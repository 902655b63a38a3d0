// Picks the probe implementation for a check's type: each type's MakeProbe (preflight/checks/).
#include "preflight/probes/live_probe_factory.h"

namespace preflight {

std::unique_ptr<Probe> LiveProbeFactory::Create(const Check& check) {
  const ProbeContext context{.loop = loop_, .scheduler = scheduler_, .curl = curl_};
  return std::visit([&](const auto& spec) { return MakeProbe(spec, context); }, check.spec);
}

}  // namespace preflight
