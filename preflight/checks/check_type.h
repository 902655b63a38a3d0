// What a check type is. Each type is one file pair in this folder (dns_check, http_check, ...)
// whose spec struct S has:
//   static constexpr std::string_view kType;   // `type = "..."` in preflight.toml
//   static constexpr std::string_view kKeys[]; // its keys, besides type, after and required
//   void Parse(TableReader&, Redactor&);        // reads and validates them; secrets to redactor
//   Duration Budget() const;                    // per attempt (warmup, or a timeout)
//   std::string Target() const;                 // what reports name (redacted by the engine)
//   std::string Describe() const;               // one line of `config validate`
//   std::vector<std::string> Endpoints() const; // "host:port" it connects to, for attribution
// and beside it  std::unique_ptr<Probe> MakeProbe(const S&, const ProbeContext&).
// check_types.h lists the types; a type that lacks one of these does not compile.
#pragma once

#include <uv.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

class Probe;
class Scheduler;
class CurlMulti;

// What a probe may use: the loop, virtual-time-free timers and the shared libcurl handle.
struct ProbeContext {
  uv_loop_t* loop;
  Scheduler& scheduler;
  CurlMulti& curl;
};

// "host:port", with IPv6 addresses in brackets.
std::string JoinHostPort(std::string_view host, std::string_view port);

}  // namespace preflight
