// The history store's schema, writes and reads, the same SQL on SQLite and PostgreSQL.
#include "preflight/history/history_store.h"

#include <fmt/format.h>

#include <map>

namespace preflight {
namespace {

constexpr const char* kSchema[] = {
    R"sql(CREATE TABLE IF NOT EXISTS history_runs (
  run_key TEXT PRIMARY KEY, at TEXT NOT NULL, commit_sha TEXT, branch TEXT, job TEXT,
  shard TEXT, host TEXT, total INTEGER, passed INTEGER, failed_code INTEGER,
  failed_config INTEGER, failed_infra INTEGER, skipped INTEGER, flaky INTEGER,
  bypass_active INTEGER, preflight_status TEXT, not_run TEXT))sql",
    "CREATE INDEX IF NOT EXISTS history_runs_at ON history_runs (at)",
    R"sql(CREATE TABLE IF NOT EXISTS history_tests (
  run_key TEXT NOT NULL REFERENCES history_runs (run_key), name TEXT NOT NULL, outcome TEXT,
  kind TEXT, category TEXT, attempts INTEGER, summary TEXT))sql",
    "CREATE INDEX IF NOT EXISTS history_tests_run ON history_tests (run_key)",
    R"sql(CREATE TABLE IF NOT EXISTS history_checks (
  run_key TEXT NOT NULL REFERENCES history_runs (run_key), name TEXT NOT NULL, type TEXT,
  status TEXT, category TEXT, attempts INTEGER, duration_ms DOUBLE PRECISION))sql",
    "CREATE INDEX IF NOT EXISTS history_checks_run ON history_checks (run_key)",
};

std::string Text(const SqlValue& value) {
  return value.value_or("");
}
int Int(const SqlValue& value) {
  return value ? std::atoi(value->c_str()) : 0;
}

}  // namespace

std::expected<HistoryStore, std::string> HistoryStore::Open(const std::string& location) {
  auto sql = OpenSqlConnection(location);
  if (!sql) return std::unexpected(sql.error());
  HistoryStore store(std::move(*sql));
  if (auto migrated = store.Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

std::expected<SqlResult, std::string> HistoryStore::Exec(const std::string& sql,
                                                         const std::vector<SqlValue>& params) {
  auto result = sql_->Exec(sql, params);
  if (!result) {
    (void)sql_->Exec("ROLLBACK", {});  // outside a transaction: a harmless error
    return std::unexpected(result.error());
  }
  return result;
}

// One writer at a time: SQLite's write lock, or a transaction-scoped advisory lock on PostgreSQL
// (concurrent CREATE TABLE IF NOT EXISTS can otherwise collide there).
std::expected<void, std::string> HistoryStore::Begin() {
  if (sql_->engine() == "sqlite") {
    if (auto begun = Exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
    return {};
  }
  if (auto begun = Exec("BEGIN"); !begun) return std::unexpected(begun.error());
  if (auto locked = Exec("SELECT pg_advisory_xact_lock(7411, 1)"); !locked)
    return std::unexpected(locked.error());
  return {};
}

std::expected<void, std::string> HistoryStore::Migrate() {
  if (auto begun = Begin(); !begun) return begun;
  auto step = [&](const std::string& sql) -> std::expected<void, std::string> {
    if (auto done = Exec(sql); !done) return std::unexpected(done.error());
    return {};
  };
  if (auto created = step("CREATE TABLE IF NOT EXISTS preflight_history_schema (version INTEGER "
                          "NOT NULL)");
      !created)
    return created;
  auto version = Exec("SELECT max(version) FROM preflight_history_schema");
  if (!version) return std::unexpected(version.error());
  const int current = version->rows.empty() ? 0 : Int(version->rows[0][0]);
  if (current > kHistorySchemaVersion) {
    (void)Exec("ROLLBACK");
    return std::unexpected(fmt::format(
        "the history store has schema version {}, newer than this preflight's {}: upgrade "
        "preflight",
        current, kHistorySchemaVersion));
  }
  if (current < 1) {
    for (const char* statement : kSchema)
      if (auto done = step(statement); !done) return done;
    if (auto done = step("INSERT INTO preflight_history_schema (version) VALUES (1)"); !done)
      return done;
  }
  return step("COMMIT");
}

std::expected<bool, std::string> HistoryStore::Add(const RecordedRun& run) {
  if (auto begun = Begin(); !begun) return std::unexpected(begun.error());
  auto n = [](auto value) { return SqlValue(std::to_string(value)); };
  const RunContext& c = run.context;
  auto inserted = Exec(
      "INSERT INTO history_runs (run_key, at, commit_sha, branch, job, shard, host, total, "
      "passed, failed_code, failed_config, failed_infra, skipped, flaky, bypass_active, "
      "preflight_status, not_run) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14, $15, $16, $17) ON CONFLICT (run_key) DO NOTHING",
      {run.key, c.at, c.commit, c.branch, c.job, c.shard, c.host, n(run.total), n(run.passed),
       n(run.failed_code), n(run.failed_config), n(run.failed_infra), n(run.skipped), n(run.flaky),
       n(run.bypass_active ? 1 : 0), run.preflight_status, run.not_run});
  if (!inserted) return std::unexpected(inserted.error());
  if (inserted->changed == 0) {
    if (auto done = Exec("COMMIT"); !done) return std::unexpected(done.error());
    return false;
  }
  for (const auto& t : run.tests)
    if (auto done =
            Exec("INSERT INTO history_tests (run_key, name, outcome, kind, category, "
                 "attempts, summary) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {run.key, t.name, t.outcome, t.kind, t.category, n(t.attempts), t.summary});
        !done)
      return std::unexpected(done.error());
  for (const auto& check : run.checks)
    if (auto done = Exec("INSERT INTO history_checks (run_key, name, type, status, category, "
                         "attempts, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                         {run.key, check.name, check.type, check.status, check.category,
                          n(check.attempts), fmt::format("{:.3f}", check.duration_ms)});
        !done)
      return std::unexpected(done.error());
  if (auto done = Exec("COMMIT"); !done) return std::unexpected(done.error());
  return true;
}

std::expected<std::vector<RecordedRun>, std::string> HistoryStore::Runs(const std::string& since) {
  auto runs = Exec(
      "SELECT run_key, at, commit_sha, branch, job, shard, host, total, passed, failed_code, "
      "failed_config, failed_infra, skipped, flaky, bypass_active, preflight_status, not_run "
      "FROM history_runs WHERE at >= $1 ORDER BY at DESC, run_key",
      {since});
  if (!runs) return std::unexpected(runs.error());
  std::vector<RecordedRun> out;
  std::map<std::string, size_t> index;
  for (const auto& r : runs->rows) {
    RecordedRun run{
        .key = Text(r[0]),
        .context = {Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]), Text(r[6])},
        .total = Int(r[7]),
        .passed = Int(r[8]),
        .failed_code = Int(r[9]),
        .failed_config = Int(r[10]),
        .failed_infra = Int(r[11]),
        .skipped = Int(r[12]),
        .flaky = Int(r[13]),
        .bypass_active = Int(r[14]) != 0,
        .preflight_status = Text(r[15]),
        .not_run = Text(r[16])};
    index[run.key] = out.size();
    out.push_back(std::move(run));
  }
  auto tests = Exec(
      "SELECT t.run_key, t.name, t.outcome, t.kind, t.category, t.attempts, t.summary FROM "
      "history_tests t JOIN history_runs r ON r.run_key = t.run_key WHERE r.at >= $1",
      {since});
  if (!tests) return std::unexpected(tests.error());
  for (const auto& r : tests->rows)
    if (auto at = index.find(Text(r[0])); at != index.end())
      out[at->second].tests.push_back(
          {Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Int(r[5]), Text(r[6])});
  auto checks = Exec(
      "SELECT c.run_key, c.name, c.type, c.status, c.category, c.attempts, c.duration_ms FROM "
      "history_checks c JOIN history_runs r ON r.run_key = c.run_key WHERE r.at >= $1",
      {since});
  if (!checks) return std::unexpected(checks.error());
  for (const auto& r : checks->rows)
    if (auto at = index.find(Text(r[0])); at != index.end())
      out[at->second].checks.push_back({Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Int(r[5]),
                                        r[6] ? std::atof(r[6]->c_str()) : 0.0});
  return out;
}

std::expected<long long, std::string> HistoryStore::Prune(const std::string& before) {
  if (auto begun = Begin(); !begun) return std::unexpected(begun.error());
  for (const char* table : {"history_tests", "history_checks"})
    if (auto done = Exec(fmt::format("DELETE FROM {} WHERE run_key IN (SELECT run_key FROM "
                                     "history_runs WHERE at < $1)",
                                     table),
                         {before});
        !done)
      return std::unexpected(done.error());
  auto deleted = Exec("DELETE FROM history_runs WHERE at < $1", {before});
  if (!deleted) return std::unexpected(deleted.error());
  if (auto done = Exec("COMMIT"); !done) return std::unexpected(done.error());
  return deleted->changed;
}

}  // namespace preflight
