// The little SQL the history store needs, on SQLite or PostgreSQL: statements with $1..$N
// parameters (both engines read them in order), rows of nullable text, transactions. The store's
// logic is written once against this interface.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace preflight {

using SqlValue = std::optional<std::string>;  // nullopt: NULL
using SqlRow = std::vector<SqlValue>;

struct SqlResult {
  std::vector<SqlRow> rows;
  long long changed = 0;  // rows inserted, updated or deleted
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual std::expected<SqlResult, std::string> Exec(const std::string& sql,
                                                     const std::vector<SqlValue>& params = {}) = 0;
  virtual std::string_view engine() const = 0;  // "sqlite" or "postgresql"
};

// A SQLite file (created with its directory; WAL, a busy timeout for concurrent writers) or,
// for "postgres://" / "postgresql://" / "host=..." locations, a PostgreSQL connection.
std::expected<std::unique_ptr<SqlConnection>, std::string> OpenSqlConnection(
    const std::string& location);

}  // namespace preflight
