// DNS check probe: resolves every host of a dns check (A and AAAA) in parallel with c-ares,
// driven by the libuv loop (c-ares 1.18 has no event thread).
#pragma once

#include <uv.h>
#include <memory>

#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

std::unique_ptr<Probe> MakeDnsProbe(uv_loop_t* loop, Scheduler& scheduler, const DnsCheck& check);

// The category of a c-ares status code: dns_nxdomain, dns_servfail, dns_refused, dns_timeout, dns.
std::string_view DnsErrorCategory(int ares_status);
// Words a person understands: "no such domain (NXDOMAIN)".
std::string DnsErrorText(int ares_status);

// For probes that resolve their host first (postgres, tcp, redis): the error of a name that did
// not resolve (status 0 with no addresses included), and what a lookup in flight has seen.
CheckError ResolutionError(std::string_view host, int ares_status, const std::string& servers);
std::string ResolutionPending(std::string_view host, const std::string& servers);

}  // namespace preflight
