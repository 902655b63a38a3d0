// Expiry arithmetic and refusal rules of the emergency bypass.
#include "preflight/bypass/bypass_policy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cctype>

namespace preflight {
namespace {

using namespace std::chrono;

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off" || lower.empty())
    return false;
  return std::nullopt;
}

std::string Where(const Environment::Value& value) {
  return value.file.empty() ? "the environment" : value.file;
}

Diagnostic ErrorAt(const Environment::Value& value, std::string message, std::string hint) {
  return {{value.file.empty() ? "environment" : value.file, value.line, 0},
          std::move(message),
          std::move(hint),
          ""};
}

std::string DaysPhrase(int64_t n) {
  if (n == 0) return "today";
  return fmt::format("{} day{}", n, n == 1 ? "" : "s");
}

}  // namespace

std::expected<BypassDecision, Diagnostic> DecideBypass(const Environment& environment, int max_days,
                                                       SysTime now, BypassForbidden forbidden) {
  BypassDecision decision;
  for (std::string_view name : kBypassFlagNames) {
    auto value = environment.Find(name);
    if (!value) continue;
    auto set = ParseBool(value->value);
    if (!set)
      return std::unexpected(ErrorAt(*value,
                                     fmt::format("{}={} is not a boolean", name, value->value),
                                     fmt::format("write {}=true or {}=false", name, name)));
    if (!*set) continue;
    if (decision.flags.empty()) decision.source = Where(*value);
    decision.flags.emplace_back(name);
  }
  if (decision.flags.empty()) return decision;

  const auto fail = [&](std::string reason) {
    decision.state = BypassState::kIgnored;
    decision.ignored_reason = std::move(reason);
    return decision;
  };
  const auto forbid = environment.Get(kForbidBypassName);
  if (forbidden == BypassForbidden::kByCommandLine)
    return fail("emergency bypass refused: --no-bypass forbids it on this run");
  if (forbid && ParseBool(*forbid).value_or(true))
    return fail(fmt::format("emergency bypass refused: {}={} forbids it on this run",
                            kForbidBypassName, *forbid));

  const auto expiry = environment.Find(kBypassExpiryName);
  const sys_days today = floor<days>(now);
  const std::string example = FormatDate(today + days(std::min(max_days, 7)));
  if (!expiry || expiry->value.empty()) {
    return fail(
        fmt::format("emergency bypass ignored: {} is not set (add {}={} to {}; at most {} "
                    "days ahead)",
                    kBypassExpiryName, kBypassExpiryName, example, decision.source, max_days));
  }
  decision.expiry = expiry->value;
  int64_t days_ahead;
  bool too_far;
  if (auto date = ParseDate(expiry->value)) {
    decision.expires_at = SysTime{*date + days(1)};  // valid through the end of that UTC day
    days_ahead = (*date - today).count();
    too_far = days_ahead > max_days;
  } else if (auto instant = ParseRfc3339(expiry->value)) {
    decision.expires_at = *instant;
    days_ahead = (floor<days>(*instant) - today).count();
    too_far = *instant - now > days(max_days);
  } else {
    return std::unexpected(ErrorAt(
        *expiry,
        fmt::format("{}={} is not a date: {}", kBypassExpiryName, expiry->value, date.error()),
        fmt::format("write {}={} (valid through that day, UTC) or an "
                    "RFC 3339 time like {}T18:00:00Z",
                    kBypassExpiryName, example, example)));
  }
  if (now >= *decision.expires_at) {
    return fail(fmt::format("emergency bypass expired {}, {}: remove it from {}", expiry->value,
                            days_ahead == 0 ? "earlier today" : DaysPhrase(-days_ahead) + " ago",
                            Where(*expiry)));
  }
  if (too_far) {
    return fail(
        fmt::format("emergency bypass ignored: expiry {} is {} ahead, more than max_days = "
                    "{}: set {} to {} or earlier",
                    expiry->value, DaysPhrase(days_ahead), max_days, kBypassExpiryName,
                    FormatDate(today + days(max_days))));
  }
  decision.state = BypassState::kActive;
  return decision;
}

std::string BypassDecision::Describe(SysTime now) const {
  switch (state) {
    case BypassState::kNone:
      return "none";
    case BypassState::kIgnored:
      return ignored_reason;
    case BypassState::kActive: {
      auto left = duration_cast<hours>(*expires_at - now).count();
      std::string remaining = left >= 48 ? fmt::format("{} days left", left / 24)
                                         : fmt::format("{} h left", std::max<int64_t>(left, 0));
      std::string until = expiry.size() == 10 ? fmt::format("the end of {} UTC", expiry) : expiry;
      return fmt::format(
          "EMERGENCY BYPASS ACTIVE until {} ({}): failures become warnings; flags {} "
          "from {}",
          until, remaining, fmt::join(flags, ", "), source);
    }
  }
  return {};
}

}  // namespace preflight
