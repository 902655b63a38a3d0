// Admission slots on PostgreSQL advisory locks.
#include "preflight/admission/postgres_slot_store.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include <cstdlib>
#include <memory>

#include "preflight/probes/postgres_evaluation.h"

namespace preflight {
namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

}  // namespace

int AdmissionNamespaceKey(std::string_view name_space) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : name_space) hash = (hash ^ c) * 16777619u;
  return static_cast<int>(hash & 0x7fffffffu);
}

std::expected<PGconn*, std::string> PostgresSlotStore::Open(const Params& params) {
  // Keepalives: a peer that vanishes without closing is noticed within a minute.
  const char* keywords[] = {"dbname",
                            "application_name",
                            "connect_timeout",
                            "keepalives_idle",
                            "keepalives_interval",
                            "keepalives_count",
                            nullptr};
  const char* values[] = {params.dsn.c_str(),
                          params.application_name.c_str(),
                          params.connect_timeout.c_str(),
                          "10",
                          "5",
                          "6",
                          nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return std::unexpected(std::string("libpq: out of memory"));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = TidyPgMessage(PQerrorMessage(conn));
    PQfinish(conn);
    return std::unexpected(error);
  }
  return conn;
}

std::expected<std::unique_ptr<PostgresSlotStore>, std::string> PostgresSlotStore::Connect(
    const std::string& dsn, std::string_view name_space, const std::string& application_name,
    int connect_timeout_s) {
  Params params{dsn, application_name, std::to_string(connect_timeout_s)};
  auto conn = Open(params);
  if (!conn) return std::unexpected(conn.error());
  return std::unique_ptr<PostgresSlotStore>(
      new PostgresSlotStore(*conn, std::move(params), AdmissionNamespaceKey(name_space)));
}

void PostgresSlotStore::Idle() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

std::expected<void, std::string> PostgresSlotStore::Reconnect() {
  if (conn_) return {};
  auto conn = Open(params_);
  if (!conn) return std::unexpected(conn.error());
  conn_ = *conn;
  return {};
}

PostgresSlotStore::~PostgresSlotStore() {
  stop_ = true;
  if (watcher_.joinable()) watcher_.join();
  Idle();  // the locks go with the session
}

std::string PostgresSlotStore::Error() const {
  return TidyPgMessage(PQerrorMessage(conn_));
}

std::expected<bool, std::string> PostgresSlotStore::TryTake(int slot) {
  if (auto connected = Reconnect(); !connected) return std::unexpected(connected.error());
  const std::string key = std::to_string(key_), index = std::to_string(slot);
  const char* params[] = {key.c_str(), index.c_str()};
  Result result(PQexecParams(conn_, "SELECT pg_try_advisory_lock($1::int4, $2::int4)", 2, nullptr,
                             params, nullptr, nullptr, 0),
                PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) return std::unexpected(Error());
  return std::string_view(PQgetvalue(result.get(), 0, 0)) == "t";
}

std::expected<std::vector<SlotHolder>, std::string> PostgresSlotStore::Holders() {
  // A two-key advisory lock shows its keys as classid and objid, with objsubid 2. A holder
  // idles after taking its slot, so state_change is when it took it.
  static constexpr const char* kQuery = R"sql(
SELECT l.objid::int8, coalesce(a.application_name, ''),
       extract(epoch FROM now() - coalesce(a.state_change, a.backend_start))::float8
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $1::int8::oid
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY 1)sql";
  if (auto connected = Reconnect(); !connected) return std::unexpected(connected.error());
  const std::string key = std::to_string(key_);
  const char* params[] = {key.c_str()};
  Result result(PQexecParams(conn_, kQuery, 1, nullptr, params, nullptr, nullptr, 0), PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) return std::unexpected(Error());
  std::vector<SlotHolder> holders;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    std::string name = PQgetvalue(result.get(), row, 1);
    if (name.starts_with("preflight ")) name.erase(0, 10);
    holders.push_back({.slot = std::atoi(PQgetvalue(result.get(), row, 0)),
                       .name = name.empty() ? "(no application_name)" : name,
                       .held = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(
                           std::atof(PQgetvalue(result.get(), row, 2))))});
  }
  return holders;
}

void PostgresSlotStore::WatchConnection(std::function<void(const std::string&)> on_lost) {
  watcher_ = std::thread([this, on_lost = std::move(on_lost)] {
    if (conn_ == nullptr) return on_lost("not connected");
    while (!stop_) {
      pollfd fd{.fd = PQsocket(conn_), .events = POLLIN, .revents = 0};
      if (fd.fd < 0) return on_lost("the connection is closed");
      if (::poll(&fd, 1, 200) <= 0) continue;
      // Readable while idle: a notice, an error (the server terminated us) or the end.
      if (!PQconsumeInput(conn_) || PQstatus(conn_) == CONNECTION_BAD) return on_lost(Error());
    }
  });
}

}  // namespace preflight
