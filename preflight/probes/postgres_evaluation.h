// Deciding what a PostgreSQL failure means: SQLSTATE extraction and which failures are worth
// waiting for (starting up, too many clients) and which are configuration (bad password).
#pragma once

#include <string>
#include <string_view>

#include "preflight/config/config.h"
#include "preflight/engine/probe.h"

namespace preflight {

enum class PgPhase { kConnect, kQuery };

// The SQLSTATE in a libpq message written with PQERRORS_VERBOSE ("FATAL:  57P03: ..."), or "".
std::string ExtractSqlState(std::string_view message);

// Tidies a libpq message for one line: drops LOCATION lines and trailing newlines.
std::string TidyPgMessage(std::string_view message);

// The outcome of a failed connection or query. With probe = "ping", a server that answers at
// all (even "password authentication failed") is ready, as libpq's PQping says.
ProbeOutcome EvaluatePgFailure(PostgresProbe probe, PgPhase phase, std::string_view sqlstate,
                               std::string message);

// The host name in `dsn` that libpq would resolve itself, blocking: one host, not an address or
// a socket directory, and no hostaddr. Empty when there is none (several hosts are left to
// libpq).
std::string NameToResolve(const std::string& dsn);

}  // namespace preflight
