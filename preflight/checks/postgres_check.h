// `type = "postgres"`: connect and run `query` (or only see that the server accepts
// connections: probe = "ping").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/checks/burst.h"
#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

enum class PostgresProbe { kQuery, kPing };

struct PostgresCheck {
  static constexpr std::string_view kType = "postgres";
  static constexpr std::string_view kKeys[] = {
      "dsn",         "warmup",      "probe", "query",       "planned_connections",
      "elevated_at", "critical_at", "burst", "min_success", "max_p95"};
  static constexpr Duration kDefaultWarmup = std::chrono::seconds{45};
  static constexpr std::string_view kDefaultQuery = "SELECT 1";

  std::string dsn;
  Duration warmup = kDefaultWarmup;
  PostgresProbe probe = PostgresProbe::kQuery;
  std::string query{kDefaultQuery};
  // The capacity check: what this run will open (planned_connections, else
  // DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW from the env files), and the pressure levels.
  std::optional<int> planned_connections;
  std::string planned_from;  // where the number came from, for config validate
  double elevated_at = 0.70, critical_at = 0.90;
  std::string capacity_skipped;  // why not, under a live SKIP_CAPACITY_CHECKS bypass
  BurstSpec burst;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return warmup; }
  std::string Target() const { return dsn; }
  std::string Describe() const;
  std::vector<std::string> Endpoints() const;
};

// Checks `dsn` (the value of `key`) with libpq's own parser and registers its password as a
// secret; an error names the key, with the DSN redacted.
void ValidatePostgresDsn(TableReader& reader, std::string_view key, const std::string& dsn,
                         Redactor& redactor);

std::unique_ptr<Probe> MakeProbe(const PostgresCheck& check, const ProbeContext& context);

}  // namespace preflight
