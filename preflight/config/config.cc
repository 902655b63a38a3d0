// Small accessors of the resolved configuration.
#include "preflight/config/config.h"

namespace preflight {

std::string_view Check::type_name() const {
  return std::visit([](const auto& s) { return s.kType; }, spec);
}

Duration Check::budget() const {
  return std::visit([](const auto& s) { return s.Budget(); }, spec);
}

const Check* Config::Find(std::string_view name) const {
  for (const auto& check : checks)
    if (check.name == name) return &check;
  return nullptr;
}

}  // namespace preflight
