// Picks the probe implementation for a check's type.
#include "preflight/probes/live_probe_factory.h"

#include "preflight/probes/dns_probe.h"
#include "preflight/probes/http_probe.h"
#include "preflight/probes/postgres_probe.h"

namespace preflight {

std::unique_ptr<Probe> LiveProbeFactory::Create(const Check& check) {
  if (auto* dns = std::get_if<DnsCheck>(&check.spec)) return MakeDnsProbe(loop_, scheduler_, *dns);
  if (auto* http = std::get_if<HttpCheck>(&check.spec)) return MakeHttpProbe(curl_, *http);
  return MakePostgresProbe(loop_, scheduler_, std::get<PostgresCheck>(check.spec));
}

}  // namespace preflight
