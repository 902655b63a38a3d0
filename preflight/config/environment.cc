// Layered variable lookup: real environment first, then .env files from last to first.
#include "preflight/config/environment.h"

#include <cstdlib>

namespace preflight {

Environment Environment::FromProcess() {
  return Environment([](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

std::optional<Environment::Value> Environment::Find(std::string_view name) const {
  if (process_)
    if (auto value = process_(name)) return Value{std::move(*value), "", 0};
  for (auto file = files_.rbegin(); file != files_.rend(); ++file)
    if (const DotenvEntry* entry = file->Find(name))
      return Value{entry->value, file->path, entry->line};
  return std::nullopt;
}

std::optional<std::string> Environment::Get(std::string_view name) const {
  if (auto found = Find(name)) return std::move(found->value);
  return std::nullopt;
}

VariableLookup Environment::AsLookup() const {
  return [this](std::string_view name) { return Get(name); };
}

void Environment::RegisterSecrets(Redactor& redactor) const {
  for (const auto& file : files_)
    for (const auto& entry : file.entries)
      if (IsSecretName(entry.key)) {
        redactor.AddSecret(entry.value);
        if (auto effective = Get(entry.key)) redactor.AddSecret(*effective);
      }
}

}  // namespace preflight
