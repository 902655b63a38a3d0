// One connection per poll: resolve the host name (c-ares), connect, optionally query, close.
// libpq gets the addresses as hostaddr, so it does not resolve a single host name itself
// (blocking); several hosts, PGHOST and service files are still resolved by libpq.
#include "preflight/probes/postgres_probe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libpq-fe.h>

#include "preflight/engine/deferred_report.h"
#include "preflight/probes/ares_resolver.h"
#include "preflight/probes/dns_probe.h"
#include "preflight/probes/postgres_capacity.h"
#include "preflight/probes/postgres_evaluation.h"
#include "preflight/uv/uv_handles.h"

namespace preflight {
namespace {

class PgProbe final : public Probe {
 public:
  PgProbe(uv_loop_t* loop, Scheduler& scheduler, const PostgresCheck& check, ReadyConnection ready)
      : loop_(loop),
        scheduler_(scheduler),
        check_(check),
        ready_connection_(ready),
        name_(NameToResolve(check.dsn)),
        resolver_(loop) {}
  ~PgProbe() override { Close(); }

  std::string Seen() const override {
    if (resolving_) return ResolutionPending(name_, resolver_.servers_text());
    if (!conn_) return {};
    const char* address = PQhostaddr(conn_);
    const std::string where = fmt::format("{}:{}", address && *address ? address : PQhost(conn_),
                                          PQport(conn_) ? PQport(conn_) : "");
    if (phase_ == PgPhase::kQuery)
      return fmt::format(
          "connected to {}, {} sent, no result", where,
          capacity_asked_ ? "the capacity query" : fmt::format("query \"{}\"", check_.query));
    switch (PQstatus(conn_)) {
      case CONNECTION_STARTED:
        return fmt::format("connecting to {}: no TCP connection yet", where);
      case CONNECTION_MADE:
        return fmt::format("connected to {}, the startup packet not sent yet", where);
      case CONNECTION_SSL_STARTUP:
        return fmt::format("connected to {}, TLS handshake not finished", where);
      case CONNECTION_AWAITING_RESPONSE:
        return fmt::format(
            "the server at {} accepted the connection, no reply to the startup packet", where);
      case CONNECTION_AUTH_OK:
      case CONNECTION_SETENV:
        return fmt::format("authenticated at {}, the server not ready for queries yet", where);
      default:
        return fmt::format("connecting to {}", where);
    }
  }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    Close();
    resolver_.Close();
    timeout_ = timeout;
    deadline_ = scheduler_.After(timeout, [this] {
      if (resolving_) {
        resolving_ = false;
        resolver_.Close();
        return Report({.error = CheckError{std::string(category::kDnsTimeout),
                                           fmt::format("resolving {}: no answer within {}", name_,
                                                       FormatDuration(timeout_))}});
      }
      Fail(PgPhase::kConnect, {}, fmt::format("{} within {}", Seen(), FormatDuration(timeout_)),
           category::kTimeout);
    });
    phase_ = PgPhase::kConnect;
    if (name_.empty()) return Connect({});
    if (auto error = resolver_.Open(timeout, {}))
      return Report({.error = CheckError{std::string(category::kDns), *error}});
    resolving_ = true;
    resolver_.Resolve(name_, [this](int status, std::vector<std::string> addresses) {
      resolving_ = false;
      if (status != 0 || addresses.empty())
        return Report({.error = ResolutionError(name_, status, resolver_.servers_text())});
      Connect(addresses);
    });
  }

 private:
  // libpq tries the addresses in order, as it would those of a name it resolved itself.
  void Connect(const std::vector<std::string>& addresses) {
    if (addresses.empty()) {
      conn_ = PQconnectStart(check_.dsn.c_str());
    } else {
      const std::string hosts =
          fmt::format("{}", fmt::join(std::vector<std::string>(addresses.size(), name_), ","));
      const std::string hostaddrs = fmt::format("{}", fmt::join(addresses, ","));
      const char* keywords[] = {"dbname", "host", "hostaddr", nullptr};
      const char* values[] = {check_.dsn.c_str(), hosts.c_str(), hostaddrs.c_str(), nullptr};
      conn_ = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
    }
    if (conn_ == nullptr) return Fail(PgPhase::kConnect, {}, "libpq: out of memory");
    PQsetErrorVerbosity(conn_, PQERRORS_VERBOSE);  // so connection failures carry their SQLSTATE
    if (PQstatus(conn_) == CONNECTION_BAD) return FailFromConnection();
    WaitFor(PGRES_POLLING_WRITING);
  }

  void Close() {
    rows_.reset();
    capacity_asked_ = false;
    watcher_.reset();
    deadline_.reset();
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
  }

  // Watches PQsocket for what libpq asked for; the socket may change between polls.
  void WaitFor(PostgresPollingStatusType wanted) {
    const int fd = PQsocket(conn_);
    if (fd < 0) return FailFromConnection();
    if (!watcher_ || watcher_->fd() != fd) {
      watcher_.reset();
      watcher_ = std::make_unique<SocketWatcher>(loop_, fd, [this](int) { OnSocketReady(); });
    }
    watcher_->Watch(wanted == PGRES_POLLING_READING ? UV_READABLE : UV_WRITABLE);
  }

  void OnSocketReady() {
    if (phase_ == PgPhase::kQuery) return ContinueQuery();
    switch (PostgresPollingStatusType status = PQconnectPoll(conn_)) {
      case PGRES_POLLING_READING:
      case PGRES_POLLING_WRITING:
        return WaitFor(status);
      case PGRES_POLLING_OK:
        return Connected();
      default:
        return FailFromConnection();
    }
  }

  void Connected() {
    const int version = PQserverVersion(conn_);
    server_ = fmt::format("PostgreSQL {}.{}", version / 10000, version % 10000);
    if (check_.probe == PostgresProbe::kPing)
      return Succeed(fmt::format("{} accepting connections", server_));
    phase_ = PgPhase::kQuery;
    PQsetnonblocking(conn_, 1);
    if (!PQsendQuery(conn_, check_.query.c_str())) return FailFromConnection();
    ContinueQuery();
  }

  void ContinueQuery() {
    const int flushed = PQflush(conn_);
    if (flushed < 0) return FailFromConnection();
    if (flushed == 1) return WaitFor(PGRES_POLLING_WRITING);
    if (!PQconsumeInput(conn_)) return FailFromConnection();
    if (PQisBusy(conn_)) return WaitFor(PGRES_POLLING_READING);
    std::string failure, sqlstate;
    while (PGresult* result = PQgetResult(conn_)) {
      ExecStatusType status = PQresultStatus(result);
      if (failure.empty() && status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        sqlstate = state ? state : "";
        failure = TidyPgMessage(PQresultErrorMessage(result));
      }
      if (capacity_asked_ && status == PGRES_TUPLES_OK && !rows_)
        rows_.reset(result);  // kept for EvaluateCapacityRows
      else
        PQclear(result);
    }
    if (!failure.empty())
      return Fail(PgPhase::kQuery, sqlstate,
                  fmt::format("query \"{}\": {}", check_.query, failure));
    if (check_.planned_connections && !capacity_asked_) return AskCapacity();
    if (capacity_asked_) return EvaluateCapacityRows();
    Succeed(fmt::format("{}, \"{}\" ok", server_, check_.query));
  }

  // The numbers of the capacity check, in one query; a row per (state, application) group.
  void AskCapacity() {
    static constexpr const char* kCapacityQuery = R"sql(
SELECT s.max, s.reserved, a.state, a.app, a.n
FROM (SELECT current_setting('max_connections')::int AS max,
             current_setting('superuser_reserved_connections')::int
               + coalesce(current_setting('reserved_connections', true)::int, 0) AS reserved) s
LEFT JOIN (SELECT coalesce(state, '') AS state, coalesce(application_name, '') AS app,
                  count(*)::int AS n
           FROM pg_stat_activity
           WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
           GROUP BY 1, 2) a ON true)sql";
    capacity_asked_ = true;
    rows_.reset();
    if (!PQsendQuery(conn_, kCapacityQuery)) return FailFromConnection();
    ContinueQuery();
  }

  void EvaluateCapacityRows() {
    if (!rows_) return Fail(PgPhase::kQuery, {}, "the capacity query returned nothing");
    ConnectionUsage usage;
    for (int row = 0; row < PQntuples(rows_.get()); ++row) {
      usage.max_connections = std::atoi(PQgetvalue(rows_.get(), row, 0));
      usage.reserved = std::atoi(PQgetvalue(rows_.get(), row, 1));
      if (!PQgetisnull(rows_.get(), row, 4))
        usage.others.push_back({PQgetvalue(rows_.get(), row, 2), PQgetvalue(rows_.get(), row, 3),
                                std::atoi(PQgetvalue(rows_.get(), row, 4))});
    }
    const CapacityVerdict verdict =
        EvaluateCapacity(usage, *check_.planned_connections,
                         {.elevated = check_.elevated_at, .critical = check_.critical_at});
    if (!verdict.fits)
      return Report({.error = CheckError{std::string(category::kCapacity), verdict.text}});
    ProbeOutcome ready{.ready = true, .detail = fmt::format("{}, {}", server_, verdict.text)};
    if (verdict.pressure != Pressure::kNormal)
      ready.warning =
          CheckError{std::string(verdict.pressure == Pressure::kCritical ? "capacity_critical"
                                                                         : "capacity_elevated"),
                     verdict.text};
    Report(std::move(ready));
  }

  void FailFromConnection() {
    std::string message = conn_ ? PQerrorMessage(conn_) : "no connection";
    Fail(phase_, ExtractSqlState(message), TidyPgMessage(message));
  }

  void Fail(PgPhase phase, std::string sqlstate, std::string message,
            std::string_view forced_category = {}) {
    ProbeOutcome outcome = EvaluatePgFailure(check_.probe, phase, sqlstate, std::move(message));
    if (!forced_category.empty() && outcome.error) outcome.error->category = forced_category;
    Report(std::move(outcome));
  }

  void Succeed(std::string detail) {
    if (!check_.capacity_skipped.empty())
      detail += fmt::format("; capacity not checked: {}", check_.capacity_skipped);
    Report({.ready = true, .detail = std::move(detail)});
  }

  void Report(ProbeOutcome outcome) {
    if (outcome.ready && conn_ && !name_.empty())
      outcome.detail += fmt::format("; {} → {}", name_, PQhostaddr(conn_));
    if (outcome.ready && ready_connection_ == ReadyConnection::kHold) {
      watcher_.reset();
      deadline_.reset();
    } else {
      Close();
    }
    report_.Deliver(std::move(outcome));
  }

  uv_loop_t* loop_;
  Scheduler& scheduler_;
  const PostgresCheck& check_;
  const ReadyConnection ready_connection_;
  const std::string name_;  // resolved with c-ares before each connection, when not empty
  AresResolver resolver_;
  bool resolving_ = false;
  PGconn* conn_ = nullptr;
  PgPhase phase_ = PgPhase::kConnect;
  Duration timeout_{0};
  std::string server_;
  bool capacity_asked_ = false;
  std::unique_ptr<PGresult, decltype(&PQclear)> rows_{nullptr, &PQclear};
  std::unique_ptr<SocketWatcher> watcher_;
  std::unique_ptr<Timer> deadline_;
  DeferredReport report_{scheduler_};
};

}  // namespace

std::unique_ptr<Probe> MakePostgresProbe(uv_loop_t* loop, Scheduler& scheduler,
                                         const PostgresCheck& check, ReadyConnection ready) {
  return std::make_unique<PgProbe>(loop, scheduler, check, ready);
}

}  // namespace preflight
