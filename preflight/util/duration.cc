// Parsing and printing of human-written durations.
#include "preflight/util/duration.h"

#include <fmt/format.h>
#include <cctype>
#include <charconv>
#include <cmath>

namespace preflight {
namespace {

struct Unit {
  std::string_view name;
  double milliseconds;
};
constexpr Unit kUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
constexpr double kMaxMilliseconds = 1e12;  // ~31 years: anything longer is a typo

}  // namespace

std::expected<Duration, std::string> ParseDuration(std::string_view text) {
  auto fail = [&](std::string why) {
    return std::unexpected(fmt::format("invalid duration \"{}\": {}", text, why));
  };
  if (text.empty()) return fail("it is empty (write e.g. \"30s\")");
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t number_start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    std::string_view number = text.substr(number_start, i - number_start);
    if (number.empty()) {
      if (text[i] == '-') return fail("durations cannot be negative");
      return fail(fmt::format("expected a number at \"{}\"", text.substr(i)));
    }
    if (number.front() == '.' || number.back() == '.' || number.find('.') != number.rfind('.'))
      return fail(fmt::format("\"{}\" is not a number", number));
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      return fail(
          fmt::format("missing unit after {} (write \"{}s\" or \"{}ms\")", number, number, number));
    }
    const Unit* match = nullptr;
    for (const auto& u : kUnits)
      if (u.name == unit) match = &u;
    if (match == nullptr)
      return fail(fmt::format("unknown unit \"{}\" (use ms, s, m, h or d)", unit));
    double value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error != std::errc() || end != number.data() + number.size())
      return fail(
          "it is unreasonably long");  // digits enough to overflow a double (found by fuzzing)
    total += value * match->milliseconds;
    if (total > kMaxMilliseconds) return fail("it is unreasonably long");
  }
  return Duration(static_cast<Duration::rep>(std::llround(total * 1000)));
}

std::string FormatDuration(Duration duration) {
  if (duration.count() == 0) return "0s";
  std::string out;
  if (duration.count() < 0) {
    out = "-";
    duration = -duration;
  }
  if (duration.count() % 1000 != 0) {
    std::string ms = fmt::format("{:.3f}", duration.count() / 1000.0);
    while (ms.back() == '0') ms.pop_back();
    return out + ms + "ms";
  }
  auto ms = duration.count() / 1000;
  const auto hours = ms / 3'600'000, minutes = ms / 60'000 % 60, seconds = ms / 1000 % 60,
             millis = ms % 1000;
  if (hours) out += fmt::format("{}h", hours);
  if (minutes) out += fmt::format("{}m", minutes);
  if (millis && !hours && !minutes) {
    out += seconds ? fmt::format("{}ms", seconds * 1000 + millis) : fmt::format("{}ms", millis);
    return out;
  }
  if (seconds) out += fmt::format("{}s", seconds);
  if (millis) out += fmt::format("{}ms", millis);
  return out;
}

std::string FormatElapsed(Duration duration) {
  const double ms = static_cast<double>(duration.count()) / 1000.0;
  if (ms < 1) return fmt::format("{:.2f}ms", ms);
  if (ms < 1000) return fmt::format("{:.1f}ms", ms);
  if (ms < 60'000) return fmt::format("{:.1f}s", ms / 1000);
  const auto seconds = static_cast<long long>(ms / 1000);
  return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
}

}  // namespace preflight
