// SQLite and PostgreSQL behind SqlConnection.
#include "preflight/history/sql_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <filesystem>

#include "preflight/probes/postgres_evaluation.h"

namespace preflight {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close(db_); }
  std::string_view engine() const override { return "sqlite"; }

  std::expected<SqlResult, std::string> Exec(const std::string& sql,
                                             const std::vector<SqlValue>& params) override {
    SqlResult result;
    const char* tail = sql.c_str();
    size_t next_param = 0;
    while (tail && *tail) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db_, tail, -1, &statement, &tail) != SQLITE_OK) return Error();
      if (statement == nullptr) break;  // only whitespace or a comment was left
      const int count = sqlite3_bind_parameter_count(statement);
      for (int i = 1; i <= count && next_param < params.size(); ++i, ++next_param) {
        const SqlValue& value = params[next_param];
        if (value)
          sqlite3_bind_text(statement, i, value->c_str(), static_cast<int>(value->size()),
                            SQLITE_TRANSIENT);
        else
          sqlite3_bind_null(statement, i);
      }
      int step;
      while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        SqlRow row;
        for (int c = 0; c < sqlite3_column_count(statement); ++c) {
          const auto* text = sqlite3_column_text(statement, c);
          row.push_back(text ? SqlValue(reinterpret_cast<const char*>(text)) : std::nullopt);
        }
        result.rows.push_back(std::move(row));
      }
      sqlite3_finalize(statement);
      if (step != SQLITE_DONE) return Error();
      result.changed = sqlite3_changes(db_);
    }
    return result;
  }

 private:
  std::unexpected<std::string> Error() const {
    return std::unexpected(std::string(sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
};

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }
  std::string_view engine() const override { return "postgresql"; }

  std::expected<SqlResult, std::string> Exec(const std::string& sql,
                                             const std::vector<SqlValue>& params) override {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* raw = params.empty()
                        ? PQexec(conn_, sql.c_str())
                        : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                       values.data(), nullptr, nullptr, 0);
    std::unique_ptr<PGresult, decltype(&PQclear)> pg(raw, PQclear);
    const ExecStatusType status = PQresultStatus(pg.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
      return std::unexpected(TidyPgMessage(PQerrorMessage(conn_)));
    SqlResult result;
    for (int r = 0; r < PQntuples(pg.get()); ++r) {
      SqlRow row;
      for (int c = 0; c < PQnfields(pg.get()); ++c)
        row.push_back(PQgetisnull(pg.get(), r, c) ? std::nullopt
                                                  : SqlValue(PQgetvalue(pg.get(), r, c)));
      result.rows.push_back(std::move(row));
    }
    const char* changed = PQcmdTuples(pg.get());
    result.changed = changed && *changed ? std::atoll(changed) : 0;
    return result;
  }

 private:
  PGconn* conn_;
};

bool IsPostgresLocation(const std::string& location) {
  return location.starts_with("postgres://") || location.starts_with("postgresql://") ||
         location.find('=') != std::string::npos;
}

}  // namespace

std::expected<std::unique_ptr<SqlConnection>, std::string> OpenSqlConnection(
    const std::string& location) {
  if (IsPostgresLocation(location)) {
    const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char* values[] = {location.c_str(), "preflight history", "10", nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string error = conn ? TidyPgMessage(PQerrorMessage(conn)) : "libpq: out of memory";
      PQfinish(conn);
      return std::unexpected(error);
    }
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
    return std::make_unique<PostgresConnection>(conn);
  }
  const std::filesystem::path path(location);
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(location.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message =
        fmt::format("{}: {}", location, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return std::unexpected(message);
  }
  // Many CI jobs may write at once: readers never wait for writers (WAL), writers wait their turn.
  sqlite3_busy_timeout(db, 30000);
  auto connection = std::make_unique<SqliteConnection>(db);
  if (auto wal = connection->Exec("PRAGMA journal_mode=WAL", {}); !wal)
    return std::unexpected(fmt::format("{}: {}", location, wal.error()));
  return connection;
}

}  // namespace preflight
