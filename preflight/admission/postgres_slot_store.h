// Admission slots as PostgreSQL session-level advisory locks (pg_try_advisory_lock(namespace,
// slot)) on one connection kept open for the run: a run that crashes or is killed frees its
// slot the moment its connection drops. No table, no lease, no cleanup job. A waiting run
// connects for each poll only, so waiting runs do not use up staging's connections. Holders are
// read from pg_locks joined with pg_stat_activity, so they also show in staging's own monitoring.
#pragma once

#include <atomic>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "preflight/admission/slot_store.h"

typedef struct pg_conn PGconn;

namespace preflight {

class PostgresSlotStore final : public SlotStore {
 public:
  // Connects (libpq, blocking, within `connect_timeout_s`) as `application_name`.
  static std::expected<std::unique_ptr<PostgresSlotStore>, std::string> Connect(
      const std::string& dsn, std::string_view name_space, const std::string& application_name,
      int connect_timeout_s = 10);
  ~PostgresSlotStore() override;

  std::expected<bool, std::string> TryTake(int slot) override;
  std::expected<std::vector<SlotHolder>, std::string> Holders() override;
  void Idle() override;  // disconnects; the next call connects again

  // While the suite runs: a thread watches the connection and calls `on_lost` once (from that
  // thread) if it drops, e.g. the server restarted or terminated it.
  void WatchConnection(std::function<void(const std::string&)> on_lost);

 private:
  struct Params {
    std::string dsn, application_name, connect_timeout;
  };
  PostgresSlotStore(PGconn* conn, Params params, int key)
      : conn_(conn), params_(std::move(params)), key_(key) {}
  static std::expected<PGconn*, std::string> Open(const Params& params);
  std::expected<void, std::string> Reconnect();
  std::string Error() const;

  PGconn* conn_;  // null while idle
  Params params_;
  int key_;  // the namespace as the advisory lock's first key
  std::thread watcher_;
  std::atomic<bool> stop_{false};
};

// The namespace as a lock key: FNV-1a, the same on every machine, in [0, 2^31).
int AdmissionNamespaceKey(std::string_view name_space);

}  // namespace preflight
