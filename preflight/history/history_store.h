// The history of runs, in SQLite (a file, the default: .preflight/history.db) or in a PostgreSQL
// shared by every CI machine: one schema, created and migrated by the tool; a run recorded twice
// is recorded once; concurrent writers from many jobs lose nothing (each run is one transaction).
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "preflight/history/recorded_run.h"
#include "preflight/history/sql_connection.h"

namespace preflight {

inline constexpr std::string_view kDefaultHistoryStore = ".preflight/history.db";
inline constexpr int kHistorySchemaVersion = 1;

class HistoryStore {
 public:
  // Opens the store at `location` (a path, or a PostgreSQL DSN) and creates or migrates its
  // schema.
  static std::expected<HistoryStore, std::string> Open(const std::string& location);

  // False when this run (the same report) was recorded before.
  std::expected<bool, std::string> Add(const RecordedRun& run);
  // Runs that ended at or after `since` (RFC 3339), newest first.
  std::expected<std::vector<RecordedRun>, std::string> Runs(const std::string& since);
  // Deletes the runs that ended before `before`; how many.
  std::expected<long long, std::string> Prune(const std::string& before);

  std::string_view engine() const { return sql_->engine(); }

 private:
  explicit HistoryStore(std::unique_ptr<SqlConnection> sql) : sql_(std::move(sql)) {}
  std::expected<void, std::string> Migrate();
  std::expected<void, std::string> Begin();
  std::expected<SqlResult, std::string> Exec(const std::string& sql,
                                             const std::vector<SqlValue>& params = {});

  std::unique_ptr<SqlConnection> sql_;
};

}  // namespace preflight
