// The registry's lookups, made from the variant's alternatives at compile time.
#include "preflight/checks/check_types.h"

#include <utility>

namespace preflight {
namespace {

constexpr std::string_view kCommonKeys[] = {"type",          "after",      "required",
                                            "poll_interval", "warn_after", "critical_after"};

template <size_t... I>
std::vector<std::string_view> Names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, CheckSpec>::kType...};
}

template <size_t... I>
std::optional<CheckSpec> New(std::string_view type, std::index_sequence<I...>) {
  std::optional<CheckSpec> spec;
  ((std::variant_alternative_t<I, CheckSpec>::kType == type
        ? void(spec.emplace(std::in_place_index<I>))
        : void()),
   ...);
  return spec;
}

constexpr auto kAlternatives = std::make_index_sequence<std::variant_size_v<CheckSpec>>();

}  // namespace

const std::vector<std::string_view>& CheckTypeNames() {
  static const std::vector<std::string_view> names = Names(kAlternatives);
  return names;
}

std::optional<CheckSpec> NewCheckSpec(std::string_view type) {
  return New(type, kAlternatives);
}

std::vector<std::string_view> CheckKeys(const CheckSpec& spec) {
  std::vector<std::string_view> keys(std::begin(kCommonKeys), std::end(kCommonKeys));
  std::visit(
      [&](const auto& s) { keys.insert(keys.end(), std::begin(s.kKeys), std::end(s.kKeys)); },
      spec);
  return keys;
}

}  // namespace preflight
