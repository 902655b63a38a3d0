// `preflight admission status`: the [admission] slots of a config and who holds them.
#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "preflight/admission/admission.h"
#include "preflight/admission/postgres_slot_store.h"
#include "preflight/cli/commands.h"
#include "preflight/config/config_loader.h"
#include "preflight/exit_code.h"
#include "preflight/util/atomic_file.h"

namespace preflight::cli {

int AdmissionStatus(const AdmissionStatusOptions& options) {
  if (auto writable = CheckReportPaths({options.json_path}); !writable) return writable.error();
  ConfigRequest request{options.config.config, options.config.env_files,
                        Environment::FromProcess().process()};
  auto loaded = LoadConfig(request);
  if (!loaded) {
    fmt::print(stderr, "{}", FormatDiagnostics(loaded.error()));
    return kExitUsage;
  }
  const auto& settings = loaded->config.admission;
  if (!settings) {
    fmt::print(stderr,
               "preflight admission status: {} has no [admission] table: add one with dsn and "
               "slots (see the README)\n",
               options.config.config);
    return kExitUsage;
  }
  const Redactor& redactor = loaded->redactor;
  auto store =
      PostgresSlotStore::Connect(settings->dsn, settings->name_space, "preflight admission status");
  auto holders =
      store ? (*store)->Holders()
            : std::expected<std::vector<SlotHolder>, std::string>(std::unexpected(store.error()));
  if (!holders) {
    fmt::print(stderr, "preflight admission status: {}\n",
               redactor.Redact(fmt::format("{}: {}", settings->dsn, holders.error())));
    return kExitInfra;
  }
  fmt::print("{} ({} slots, namespace \"{}\", on {})\n", DescribeHolders(settings->slots, *holders),
             settings->slots, settings->name_space, redactor.Redact(settings->dsn));
  nlohmann::ordered_json json{{"schema", "preflight.admission/v1"},
                              {"namespace", settings->name_space},
                              {"slots", settings->slots},
                              {"held", holders->size()},
                              {"holders", nlohmann::ordered_json::array()}};
  for (int slot = 0; slot < settings->slots; ++slot) {
    const SlotHolder* holder = nullptr;
    for (const auto& h : *holders)
      if (h.slot == slot) holder = &h;
    if (holder == nullptr) {
      fmt::print("  slot {}: free\n", slot + 1);
      continue;
    }
    fmt::print("  slot {}: {} for {}\n", slot + 1, redactor.Redact(holder->name),
               FormatElapsed(holder->held));
    json["holders"].push_back({{"slot", slot + 1},
                               {"name", redactor.Redact(holder->name)},
                               {"held_ms", static_cast<int64_t>(ToMilliseconds(holder->held))}});
  }
  // Holders of slots beyond `slots` (another config with more slots, same namespace).
  for (const auto& h : *holders)
    if (h.slot >= settings->slots)
      fmt::print("  slot {} (beyond this config's {}): {} for {}\n", h.slot + 1, settings->slots,
                 redactor.Redact(h.name), FormatElapsed(h.held));
  if (!options.json_path.empty())
    if (auto written = WriteFileAtomically(options.json_path, json.dump(2) + "\n"); !written) {
      fmt::print(stderr, "preflight: {}\n", written.error());
      return kExitUsage;
    }
  return kExitOk;
}

}  // namespace preflight::cli
