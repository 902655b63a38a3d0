// The shared pre-flight sequence, with its errors printed once, here.
#include "preflight/runtime/preflight_session.h"

#include <fmt/format.h>
#include <algorithm>
#include <cstdio>

#include "preflight/bypass/audit_log.h"
#include "preflight/config/check_graph.h"
#include "preflight/exit_code.h"

namespace preflight {
namespace {

// `check --quick`: one attempt per check, each budget at most kQuickBudget.
void QuickLook(Config& config) {
  for (Check& check : config.checks) {
    check.retry.attempts = 1;
    std::visit(
        [](auto& spec) {
          if constexpr (requires { spec.warmup; })
            spec.warmup = std::min(spec.warmup, kQuickBudget);
          if constexpr (requires { spec.timeout; })
            spec.timeout = std::min(spec.timeout, kQuickBudget);
        },
        check.spec);
  }
  if (config.deadline_derived) config.deadline = DeriveDeadline(config.checks);
}

// A live SKIP_CAPACITY_CHECKS bypass: postgres checks only connect; each says why.
void SkipCapacityChecks(Config& config, const BypassDecision& bypass) {
  for (auto& check : config.checks) {
    auto* postgres = std::get_if<PostgresCheck>(&check.spec);
    if (postgres == nullptr || !postgres->planned_connections) continue;
    postgres->planned_connections.reset();
    postgres->capacity_skipped =
        fmt::format("SKIP_CAPACITY_CHECKS (emergency bypass until {})", bypass.expiry);
  }
}

}  // namespace

std::expected<PreflightSession, int> RunPreflightSession(const PreflightSessionOptions& options) {
  const auto usage_error = std::unexpected(int{kExitUsage});
  auto loaded =
      LoadConfig({options.config_path, options.env_files, Environment::FromProcess().process()});
  if (!loaded) {
    fmt::print(stderr, "{}", FormatDiagnostics(loaded.error()));
    return usage_error;
  }
  if (options.quick) QuickLook(loaded->config);
  auto bypass = DecideBypass(loaded->environment, loaded->config.bypass.max_days, options.now,
                             options.forbidden);
  if (!bypass) {
    fmt::print(stderr, "{}", FormatDiagnostics({bypass.error()}));
    return usage_error;
  }
  if (options.before_checks)
    if (auto ready = options.before_checks(*loaded); !ready) return std::unexpected(ready.error());
  if (options.honour_only_when) {
    for (const auto& [name, expected] : loaded->config.run_only_when) {
      const std::optional<std::string> actual = loaded->environment.Get(name);
      if (actual == expected) continue;
      std::string why = loaded->redactor.Redact(fmt::format(
          "{} is {}, not \"{}\" ([run] only_when in {})", name,
          actual ? fmt::format("\"{}\"", *actual) : "not set", expected, loaded->config.path));
      fmt::print("preflight {}: pre-flight skipped: {}\n", options.command, why);
      return PreflightSession{std::move(*loaded), std::move(*bypass), {}, std::move(why)};
    }
  }
  if (bypass->state == BypassState::kActive &&
      std::ranges::find(bypass->flags, "SKIP_CAPACITY_CHECKS") != bypass->flags.end())
    SkipCapacityChecks(loaded->config, *bypass);
  if (bypass->state == BypassState::kActive) {
    auto record = MakeAuditRecord(*bypass, loaded->environment, options.now, options.command,
                                  loaded->config.path);
    if (auto written = AppendAuditRecord(loaded->config.bypass.audit_log, record); !written) {
      fmt::print(stderr,
                 "preflight: {}; an emergency bypass is only honoured with an audit trail "
                 "(set [bypass] audit_log to a writable path)\n",
                 written.error());
      return usage_error;
    }
  }
  const ConsoleStyle style = ConsoleStyle::For(stdout, options.verbosity);
  ConsoleReporter console(stdout, style, loaded->config, *bypass, options.now);
  const LivePreflightOptions live{.progress_interval = style.live ? std::chrono::milliseconds(100)
                                                                  : std::chrono::seconds(5)};
  LivePreflightResult outcome = RunLivePreflight(*loaded, *bypass, console, live);
  return PreflightSession{std::move(*loaded), std::move(*bypass), std::move(outcome), {}};
}

}  // namespace preflight
