// The three principles applied to what the watcher saw, and their wording.
#include "preflight/classify/network_evidence.h"

#include <fmt/format.h>
#include <algorithm>

namespace preflight {
namespace {

bool IsLookup(const NetworkFailure& failure) {
  return failure.stage == NetworkStage::kResolve;
}

std::string Ago(int64_t ms) {
  return ms < 1000 ? fmt::format("{} ms", ms) : fmt::format("{:.1f} s", ms / 1000.0);
}

// Whether `failure` is one of the declared endpoints or names: "db.internal:5432" is declared
// by a check on db.internal:5432, and so is 10.0.0.7:5432 when it was resolved from that name.
bool IsDeclared(const NetworkFailure& failure, std::span<const std::string> declared) {
  auto named = [&](std::string_view needle) {
    return std::find(declared.begin(), declared.end(), needle) != declared.end();
  };
  if (IsLookup(failure)) {
    if (named(failure.target)) return true;
    return std::any_of(declared.begin(), declared.end(),
                       [&](const std::string& d) { return d.starts_with(failure.target + ":"); });
  }
  if (named(failure.target)) return true;
  return !failure.facts.name.empty() &&
         (named(fmt::format("{}:{}", failure.facts.name, failure.port)) ||
          named(failure.facts.name));
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
                                std::span<const std::string> declared) {
  const EndpointFacts& facts = failure.facts;
  const bool lookup = IsLookup(failure);
  if (facts.own_server)
    return {EndpointJudgement::kOwnServer,
            lookup ? fmt::format("the lookup was for port {}, this test process's own server",
                                 failure.port)
                   : fmt::format("port {} is this test process's own server", failure.port)};
  if (failure.kind == FailureKind::kConfig)
    return {EndpointJudgement::kMissingName, "the name does not exist"};
  if (IsDeclared(failure, declared))
    return {EndpointJudgement::kOutage, "a dependency the pre-flight checked"};
  if (facts.answered_ms_ago)
    return {EndpointJudgement::kOutage,
            fmt::format(fmt::runtime(lookup ? "it resolved in this process {} earlier"
                                            : "it answered this process {} earlier"),
                        Ago(*facts.answered_ms_ago))};
  // A resolver that says "try again" failed, whatever the name: a wrong name is NXDOMAIN.
  if (lookup) return {EndpointJudgement::kOutage, "the resolver could not answer"};
  if (facts.host_served && facts.other.empty())
    return {EndpointJudgement::kCannotTell,
            "nothing ever answered there, on a host this test process serves: a wrong address "
            "or a service that is down"};
  if (!facts.other.empty())
    return {EndpointJudgement::kCannotTell,
            fmt::format("nothing ever answered there, while {} answered this process {} earlier: "
                        "a wrong address or a service that is down",
                        facts.other, Ago(facts.other_ms_ago.value_or(0)))};
  return {EndpointJudgement::kOutage, "nothing ever answered on that host"};
}

void AttributeToNetwork(Classification& c, const NetworkActivity& activity,
                        std::span<const std::string> declared) {
  // Nothing seen: the work happened where the watcher cannot look; the words decide.
  if (!activity.saw_operations) return;
  if (c.evidence &&
      (c.evidence->rule == "explicit.scope" || c.evidence->rule.starts_with("preflight.") ||
       c.evidence->rule.starts_with("user.")))
    return;
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
    } else if (other || *claim != NetworkStage::kExchange) {
      c.evidence =
          Evidence{"observed.contradicts",
                   fmt::format("the message says \"{}\", but the watcher saw: {}", c.evidence->text,
                               other ? other.Text()
                                     : "every lookup and connection this test made succeeded"),
                   TextKind::kMessage};
      c.kind = FailureKind::kCode;
    }
    return;
  }

  // Stages: the test expected an error or a status at a later stage than where it stopped.
  if (c.kind == FailureKind::kCode && c.evidence &&
      c.evidence->rule == "structure.expected_error" && c.tested_stage) {
    if (before_tested)
      decide(before_tested, "stages.not_reached",
             fmt::format("the test expected {} (the {} stage), but it never got there: {}",
                         c.tested_text, ToString(*c.tested_stage), before_tested.Text()));
    return;
  }

  // Endpoints: a bare failed call after failures of the environment, or of the test's own.
  if (!c.bare() || !c.looks_like_failed_call) return;
  if (before_tested) {
    decide(before_tested,
           before_tested.judgement.verdict == EndpointJudgement::kMissingName
               ? "endpoints.missing_name"
               : "endpoints.outage",
           "during the test: " + before_tested.Text());
  } else if (at_tested) {
    c.category = at_tested.failure->category;
    c.evidence = Evidence{
        "stages.tested",
        fmt::format("the test was testing the {} stage ({}), and that is where it stopped: {}",
                    ToString(*c.tested_stage), c.tested_text, at_tested.Text()),
        TextKind::kMessage};
  } else if (other) {
    c.category = other.failure->category;
    c.evidence =
        Evidence{other.judgement.verdict == EndpointJudgement::kOwnServer ? "endpoints.own_server"
                                                                          : "endpoints.cannot_tell",
                 "during the test: " + other.Text(), TextKind::kMessage};
  }
}

}  // namespace preflight
