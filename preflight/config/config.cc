// Small accessors of the resolved configuration.
#include "preflight/config/config.h"

namespace preflight {

std::string_view Check::type_name() const {
  static constexpr std::string_view kNames[] = {"dns", "http", "postgres"};
  return kNames[spec.index()];
}

Duration Check::budget() const {
  return std::visit(
      [](const auto& s) -> Duration {
        if constexpr (std::is_same_v<std::decay_t<decltype(s)>, DnsCheck>)
          return s.timeout;
        else
          return s.warmup;
      },
      spec);
}

const Check* Config::Find(std::string_view name) const {
  for (const auto& check : checks)
    if (check.name == name) return &check;
  return nullptr;
}

}  // namespace preflight
