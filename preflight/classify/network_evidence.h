// What the network did under a test, as the test binary saw it (gtest_main watches name lookups,
// connects and exchanges), what the process knew of each failed endpoint at that moment, and the
// three principles that make it evidence (docs/evidence.md):
//   stages    — evidence from an earlier stage than the one the test expected means the test
//               never reached what it tested; from the same stage, it got another result: code;
//   endpoints — the test process's own servers are never the environment; an endpoint that
//               answered before, a declared dependency, a host where nothing ever answered or a
//               resolver that could not answer is an outage; a port that never answered on a
//               host that answers cannot be told from a wrong address: never "retry later";
//   observed  — when the watcher saw the operations a message speaks of, what it saw decides.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "preflight/classify/classifier.h"
#include "preflight/classify/network_stage.h"

namespace preflight {

// What the test process knew of a failed endpoint (or name) when it failed.
struct EndpointFacts {
  bool own_server = false;                 // its port is one this process listens or listened on
  bool host_served = false;                // its host is one this process serves (on another port)
  std::optional<int64_t> answered_ms_ago;  // it answered (or the name resolved) earlier
  std::string other;                       // another endpoint of its host that answered,
  std::optional<int64_t> other_ms_ago;     // and when
  std::string name;                        // the name the address was resolved from
};

struct NetworkFailure {
  std::string operation;  // "connect", "getaddrinfo", "gai_error", "dns query", "recv", ...
  std::string target;     // "10.2.0.7:5432", "api.staging.example"
  std::string error;      // "refused", "Temporary failure in name resolution"
  std::string category;   // "connect", "dns", "timeout", "unknown_host"
  NetworkStage stage = NetworkStage::kConnect;
  FailureKind kind = FailureKind::kInfra;  // config: the name does not exist (NXDOMAIN)
  int port = 0;                            // of the endpoint, or the port a lookup was for
  std::string host;  // of the endpoint (of a DNS query's server): "loopback", "10.0.0.7"
  int count = 1;
  bool recovered = false;  // the same endpoint or name succeeded later in the test
  bool pending = false;    // not a failure: a request of this test still had no reply when its
                           // first assertion failed (evidence only for a timeout or read claim)
  bool local = false;      // a Unix socket path that does not exist: not the network
  EndpointFacts facts;
};

// The network under one test, up to its first failed assertion.
struct NetworkActivity {
  std::vector<NetworkFailure> failures;  // grouped by operation, target and error, oldest first
  bool saw_operations = false;           // any lookup, connect or exchange was seen
  bool own_server_replied = false;       // a server of this process answered the test
  bool other_replied = false;            // an endpoint outside it answered the test
  bool libcurl_loaded = false;           // the process has libcurl: numbers may be CURLcodes
  // The TCP connects this process made before the test, and how many of them did not connect
  // (refused, failed, or still in progress): whether the watcher sees this process's connects.
  uint64_t connects_before = 0, connects_before_unsuccessful = 0;
};

// A dependency the pre-flight declared: "host:port" (or a name), and whether it was healthy.
struct DeclaredEndpoint {
  std::string endpoint;
  bool healthy = false;
};

// Which case of the endpoints principle a failure is, and why, in words.
struct EndpointJudgement {
  enum Verdict { kOwnServer, kOutage, kMissingName, kCannotTell, kNotTheNetwork } verdict;
  std::string why;  // "it answered this process 12 ms earlier"
};

// `declared`: the endpoints ("host:port") and names of the pre-flight's checks.
EndpointJudgement JudgeEndpoint(const NetworkFailure& failure,
                                std::span<const DeclaredEndpoint> declared);

// "connect 10.2.0.7:5432 refused ×3"; "getaddrinfo(api.staging.example) Temporary failure…".
std::string DescribeNetworkFailure(const NetworkFailure& failure);

// An outage decided because nothing had answered on the failure's host yet: if something
// answers there later in the run, the failure could not be told from a wrong address after all.
struct HostNotYetAnswered {
  std::string host;     // "loopback", "10.0.0.7"
  std::string target;   // "127.0.0.1:10"
  std::string failure;  // "connect 127.0.0.1:10 refused"
};

// Applies the three principles to a classification made from the failure's text.
std::optional<HostNotYetAnswered> AttributeToNetwork(
    Classification& classification, const NetworkActivity& activity,
    std::span<const DeclaredEndpoint> declared = {});

// The same failure when `answered` (another endpoint of its host) answered later in the run.
void RejudgeWhenTheHostAnsweredLater(Classification& classification,
                                     const HostNotYetAnswered& provisional,
                                     const std::string& answered);

}  // namespace preflight
