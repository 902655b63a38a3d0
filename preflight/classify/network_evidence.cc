// The three principles applied to what the watcher saw, and their wording.
#include "preflight/classify/network_evidence.h"

#include <fmt/format.h>
#include <algorithm>

#include "preflight/classify/library_codes.h"
#include "preflight/util/host_name.h"

namespace preflight {
namespace {

bool IsLookup(const NetworkFailure& failure) {
  return failure.stage == NetworkStage::kResolve;
}

constexpr std::string_view kNothingAnsweredOnHost = "nothing ever answered on that host";

std::string Ago(int64_t ms) {
  return ms < 1000 ? fmt::format("{} ms", ms) : fmt::format("{:.1f} s", ms / 1000.0);
}

std::string_view HostOf(std::string_view endpoint) {
  const size_t colon = endpoint.rfind(':');
  std::string_view host = colon == std::string_view::npos ? endpoint : endpoint.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return host;
}

bool SameHost(std::string_view a, std::string_view b) {
  auto loopback = [](std::string_view h) {
    return h == "127.0.0.1" || h == "::1" || h == "localhost" || h == "loopback";
  };
  return a == b || (loopback(a) && loopback(b));
}

// The declared dependency `failure` is, if any: "db.internal:5432" is declared by a check on
// db.internal:5432, and so is 10.0.0.7:5432 when it was resolved from that name.
const DeclaredEndpoint* Declared(const NetworkFailure& failure,
                                 std::span<const DeclaredEndpoint> declared) {
  const std::string by_name =
      failure.facts.name.empty() ? "" : fmt::format("{}:{}", failure.facts.name, failure.port);
  for (const DeclaredEndpoint& d : declared) {
    if (IsLookup(failure)) {
      if (d.endpoint == failure.target || d.endpoint.starts_with(failure.target + ":")) return &d;
    } else if (d.endpoint == failure.target || (!by_name.empty() && d.endpoint == by_name) ||
               (SameHost(HostOf(d.endpoint), HostOf(failure.target)) &&
                d.endpoint.ends_with(fmt::format(":{}", failure.port)))) {
      return &d;
    }
  }
  return nullptr;
}

// A healthy declared dependency on the failure's host, other than the failure's endpoint.
const DeclaredEndpoint* HealthyNeighbour(const NetworkFailure& failure,
                                         std::span<const DeclaredEndpoint> declared) {
  if (IsLookup(failure)) return nullptr;
  const std::string_view host = HostOf(failure.target);
  for (const DeclaredEndpoint& d : declared) {
    const bool same_host =
        SameHost(HostOf(d.endpoint), host) ||
        (!failure.facts.name.empty() && HostOf(d.endpoint) == failure.facts.name);
    if (d.healthy && same_host) return &d;
  }
  return nullptr;
}

// A healthy declared dependency on the failure's port, at another host, when the failure's
// address was written out (no name was resolved for it): its address mistyped or mangled, as a
// mangled host of the process's own server is (a name that resolves was registered on purpose).
const DeclaredEndpoint* HealthyOnSamePortElsewhere(const NetworkFailure& failure,
                                                   std::span<const DeclaredEndpoint> declared) {
  if (IsLookup(failure) || !failure.facts.name.empty()) return nullptr;
  const std::string port_suffix = fmt::format(":{}", failure.port);
  for (const DeclaredEndpoint& d : declared)
    if (d.healthy && d.endpoint.ends_with(port_suffix)) return &d;
  return nullptr;
}

// A message's claim that the network failed, and the stage it speaks of: a lookup or a connect
// (the watcher sees every one of those it can see at all) or an exchange (it sees resets and
// closes, not every short read). TLS and HTTP statuses are above what it sees.
std::optional<NetworkStage> ObservableClaim(const Classification& c) {
  if (!c.evidence || c.kind == FailureKind::kCode) return std::nullopt;
  if (c.category != "dns" && c.category != "unknown_host" && c.category != "connect" &&
      c.category != "timeout")
    return std::nullopt;
  const std::optional<NetworkStage> stage = StageNamedBy(c.evidence->text);
  if (!stage || *stage > NetworkStage::kExchange || *stage == NetworkStage::kTls)
    return std::nullopt;
  return stage;
}

}  // namespace

std::string DescribeNetworkFailure(const NetworkFailure& failure) {
  std::string out = IsLookup(failure) && failure.operation != "dns query"
                        ? fmt::format("{}({}) {}", failure.operation, failure.target, failure.error)
                        : fmt::format("{} {} {}", failure.operation, failure.target, failure.error);
  if (!failure.facts.name.empty() && !IsLookup(failure))
    out += fmt::format(" ({})", failure.facts.name);
  if (failure.count > 1) out += fmt::format(" ×{}", failure.count);
  return out;
}

EndpointJudgement JudgeEndpoint(const NetworkFailure& failure,
                                std::span<const DeclaredEndpoint> declared) {
  const EndpointFacts& facts = failure.facts;
  const bool lookup = IsLookup(failure);
  if (failure.local) return {EndpointJudgement::kNotTheNetwork, "a Unix socket, not the network"};
  if (facts.own_server)
    return {EndpointJudgement::kOwnServer,
            lookup ? fmt::format("the lookup was for port {}, this test process's own server",
                                 failure.port)
                   : fmt::format("port {} is this test process's own server", failure.port)};
  // Not a name at all: an address mangled on its way; no resolver, up or down, has it.
  if (const auto why = lookup ? WhyNotAHostName(failure.target) : std::nullopt)
    return {EndpointJudgement::kCannotTell,
            fmt::format("\"{}\" cannot be a name in DNS ({}): an address mangled on its way",
                        failure.target, *why)};
  if (failure.kind == FailureKind::kConfig)
    return {EndpointJudgement::kMissingName, "the name does not exist"};
  if (const DeclaredEndpoint* dependency = Declared(failure, declared))
    return {EndpointJudgement::kOutage, dependency->healthy
                                            ? "a dependency the pre-flight found healthy"
                                            : "a dependency the pre-flight checked"};
  if (facts.answered_ms_ago)
    return {EndpointJudgement::kOutage,
            fmt::format(fmt::runtime(lookup ? "it resolved in this process {} earlier"
                                            : "it answered this process {} earlier"),
                        Ago(*facts.answered_ms_ago))};
  if (lookup) {
    // A DNS server the process spoke to itself (c-ares) on a port of its own choosing (a system
    // resolver's is 53), on a host the process serves or where something else answered, that
    // never answered: a wrong port cannot be told from a server that is down, as for any endpoint.
    if (!failure.host.empty() && failure.port != 53 && (facts.host_served || !facts.other.empty()))
      return {EndpointJudgement::kCannotTell,
              fmt::format("the DNS server never answered there, while {}: a wrong address or a "
                          "server that is down",
                          facts.host_served ? "this test process serves that host"
                                            : facts.other + " answered this process on that host")};
    // A resolver that says "try again" failed, whatever the name: a wrong name is NXDOMAIN.
    return {EndpointJudgement::kOutage, "the resolver could not answer"};
  }
  if (!facts.other.empty())
    return {EndpointJudgement::kCannotTell,
            fmt::format("nothing ever answered there, while {} answered this process {} earlier: "
                        "a wrong address or a service that is down",
                        facts.other, Ago(facts.other_ms_ago.value_or(0)))};
  if (const DeclaredEndpoint* neighbour = HealthyNeighbour(failure, declared))
    return {EndpointJudgement::kCannotTell,
            fmt::format("nothing ever answered there, while the pre-flight found {} on the same "
                        "host healthy: a wrong address or a service that is down",
                        neighbour->endpoint)};
  if (const DeclaredEndpoint* dependency = HealthyOnSamePortElsewhere(failure, declared))
    return {EndpointJudgement::kCannotTell,
            fmt::format("nothing ever answered on that host, while the pre-flight found {} on the "
                        "same port healthy: a wrong address or a service that is down",
                        dependency->endpoint)};
  if (facts.host_served)
    return {EndpointJudgement::kCannotTell,
            "nothing ever answered there, on a host this test process serves: a wrong address "
            "or a service that is down"};
  return {EndpointJudgement::kOutage, std::string(kNothingAnsweredOnHost)};
}

std::optional<HostNotYetAnswered> AttributeToNetwork(Classification& c,
                                                     const NetworkActivity& activity,
                                                     std::span<const DeclaredEndpoint> declared) {
  if (c.evidence &&
      (c.evidence->rule == "explicit.scope" || c.evidence->rule.starts_with("preflight.") ||
       c.evidence->rule.starts_with("user.")))
    return std::nullopt;
  if (!activity.saw_operations) {
    // A connect claim in a test that made no connect at all, in a process whose every connect
    // the watcher saw connected: the client failed before it opened a connection.
    if (ObservableClaim(c) == NetworkStage::kConnect && activity.connects_before > 0 &&
        activity.connects_before_unsuccessful == 0) {
      c.evidence = Evidence{
          "observed.contradicts",
          fmt::format("the message says \"{}\", but this test made no connection, while the "
                      "watcher saw every one of the {} this process made before connect",
                      c.evidence->text, activity.connects_before),
          TextKind::kMessage};
      c.kind = FailureKind::kCode;
    }
    // Otherwise the work happened where the watcher cannot look; the words decide.
    return std::nullopt;
  }
  // The first failure of the environment (an outage, a name that does not exist), the first one
  // before the stage the test tested, the first at or after it, and the first of another kind.
  struct Judged {
    const NetworkFailure* failure = nullptr;
    EndpointJudgement judgement;
    explicit operator bool() const { return failure != nullptr; }
    std::string Text() const {
      return fmt::format("{}: {}", DescribeNetworkFailure(*failure), judgement.why);
    }
  } environment, before_tested, at_tested, other;
  const NetworkFailure* pending = nullptr;  // a request left without its reply
  EndpointJudgement pending_judgement;
  for (const NetworkFailure& failure : activity.failures) {
    if (failure.recovered) continue;
    if (failure.pending) {
      if (!pending) {
        pending = &failure;
        pending_judgement = JudgeEndpoint(failure, declared);
      }
      continue;
    }
    EndpointJudgement judgement = JudgeEndpoint(failure, declared);
    const Judged judged{&failure, std::move(judgement)};
    if (judged.judgement.verdict == EndpointJudgement::kOutage ||
        judged.judgement.verdict == EndpointJudgement::kMissingName) {
      if (!environment) environment = judged;
      const bool before = !c.tested_stage || failure.stage < *c.tested_stage;
      if (before && !before_tested) before_tested = judged;
      if (!before && !at_tested) at_tested = judged;
    } else if (!other) {
      other = judged;
    }
  }
  auto decide = [&](const Judged& by, std::string rule, std::string text) {
    c.kind = by.failure->kind;
    c.category = by.failure->category;
    c.evidence = Evidence{std::move(rule), std::move(text), TextKind::kMessage};
  };
  // An outage decided because nothing had answered on its host yet, to be judged again.
  auto provisional = [](const Judged& by) -> std::optional<HostNotYetAnswered> {
    if (by.judgement.why != kNothingAnsweredOnHost) return std::nullopt;
    return HostNotYetAnswered{by.failure->host, by.failure->target,
                              DescribeNetworkFailure(*by.failure)};
  };

  // Observed beats claimed: the message says the network failed; the watcher saw what did.
  if (const std::optional<NetworkStage> claim = ObservableClaim(c)) {
    // A claim about the exchange (a read error, a timeout) with no failure seen: a request that
    // still waited for its reply is what the watcher saw of it.
    if (!environment && !other && pending && *claim == NetworkStage::kExchange) {
      Judged waited{pending, pending_judgement};
      const bool outage = pending_judgement.verdict == EndpointJudgement::kOutage;
      (outage ? environment : other) = waited;
    }
    if (environment) {
      c.evidence->text += fmt::format(" [observed: {}]", environment.Text());
      if (environment.failure->kind != c.kind) {  // it said "try again", the server said NXDOMAIN
        c.kind = environment.failure->kind;
        c.category = environment.failure->category;
        c.evidence->rule = "observed.decides";
      }
      return provisional(environment);
    } else if (other || *claim != NetworkStage::kExchange) {
      c.evidence =
          Evidence{"observed.contradicts",
                   fmt::format("the message says \"{}\", but the watcher saw: {}", c.evidence->text,
                               other ? other.Text()
                                     : "every lookup and connection this test made succeeded"),
                   TextKind::kMessage};
      c.kind = FailureKind::kCode;
    }
    return std::nullopt;
  }

  // Observed: a 5xx that only the test process's own servers can have sent is its own answer.
  if (c.kind == FailureKind::kInfra && c.category == "http_5xx" && activity.own_server_replied &&
      !activity.other_replied) {
    c.evidence = Evidence{"observed.own_server_status",
                          fmt::format("{} — but only this test process's own servers answered "
                                      "it: the status is the code's own",
                                      c.evidence ? c.evidence->text : "a 5xx status"),
                          TextKind::kMessage};
    c.kind = FailureKind::kCode;
    return std::nullopt;
  }

  // Stages: the test expected an error or a status at a later stage than where it stopped.
  if (c.kind == FailureKind::kCode && c.evidence &&
      c.evidence->rule == "structure.expected_error" && c.tested_stage) {
    if (!before_tested) return std::nullopt;
    decide(before_tested, "stages.not_reached",
           fmt::format("the test expected {} (the {} stage), but it never got there: {}",
                       c.tested_text, ToString(*c.tested_stage), before_tested.Text()));
    return provisional(before_tested);
  }

  // Stages, through a library's numbers: with libcurl in the process, `EXPECT_EQ(28, res.code)`
  // showing 7 compared CURLcodes when 7 (CURLE_COULDNT_CONNECT) is what the watcher saw fail; the
  // test expected 28 (CURLE_OPERATION_TIMEDOUT), a later stage it never reached.
  if (c.bare() && !c.tested_stage && c.compared_numbers && activity.libcurl_loaded &&
      before_tested) {
    const char* expected = CurlCodeName(c.compared_numbers->first);
    const char* actual = CurlCodeName(c.compared_numbers->second);
    const std::optional<NetworkStage> expected_stage =
        expected ? StageNamedBy(expected) : std::nullopt;
    const std::optional<NetworkStage> actual_stage = actual ? StageNamedBy(actual) : std::nullopt;
    if (expected_stage && actual_stage == before_tested.failure->stage &&
        *expected_stage > *actual_stage) {
      decide(before_tested, "stages.not_reached",
             fmt::format("the test expected {} ({}, the {} stage), got {} ({}): it never got "
                         "there: {}",
                         c.compared_numbers->first, expected, ToString(*expected_stage),
                         c.compared_numbers->second, actual, before_tested.Text()));
      return provisional(before_tested);
    }
  }

  // Endpoints: a bare failed call after failures of the environment, or of the test's own. A
  // bare comparison with what a later stage gives (`EXPECT_EQ(302, res.code)` showing 7) too.
  if (!c.bare() || (!c.looks_like_failed_call && !(c.tested_stage && before_tested)))
    return std::nullopt;
  if (before_tested) {
    decide(before_tested,
           before_tested.judgement.verdict == EndpointJudgement::kMissingName
               ? "endpoints.missing_name"
               : "endpoints.outage",
           "during the test: " + before_tested.Text());
    return provisional(before_tested);
  } else if (at_tested) {
    c.category = at_tested.failure->category;
    c.evidence = Evidence{
        "stages.tested",
        fmt::format("the test was testing the {} stage ({}), and that is where it stopped: {}",
                    ToString(*c.tested_stage), c.tested_text, at_tested.Text()),
        TextKind::kMessage};
  } else if (other) {
    c.category = other.failure->category;
    c.evidence = Evidence{
        other.judgement.verdict == EndpointJudgement::kOwnServer       ? "endpoints.own_server"
        : other.judgement.verdict == EndpointJudgement::kNotTheNetwork ? "endpoints.not_network"
                                                                       : "endpoints.cannot_tell",
        "during the test: " + other.Text(), TextKind::kMessage};
  }
  return std::nullopt;
}

void RejudgeWhenTheHostAnsweredLater(Classification& c, const HostNotYetAnswered& provisional,
                                     const std::string& answered) {
  c.kind = FailureKind::kCode;
  c.evidence = Evidence{"endpoints.cannot_tell",
                        fmt::format("during the test: {}: nothing ever answered there, while {} "
                                    "answered this process later in the run: a wrong address or "
                                    "a service that is down",
                                    provisional.failure, answered),
                        TextKind::kMessage};
}

}  // namespace preflight
