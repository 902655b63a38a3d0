// The small e2e suite of the admission simulation: it checks out a pool of POOL_SIZE connections
// to POOL_DSN, as a service under test would, holds them for POOL_HOLD_MS and queries each.
// With too many such suites at once, PostgreSQL answers "too many clients".
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

TEST(Checkout, PaysWithAPoolOfConnections) {
  const char* dsn = std::getenv("POOL_DSN");
  ASSERT_NE(dsn, nullptr) << "set POOL_DSN";
  std::vector<std::unique_ptr<PGconn, decltype(&PQfinish)>> pool;  // closed on every path
  for (int i = 0; i < EnvInt("POOL_SIZE", 4); ++i) {
    pool.emplace_back(PQconnectdb(dsn), PQfinish);
    ASSERT_EQ(PQstatus(pool.back().get()), CONNECTION_OK) << PQerrorMessage(pool.back().get());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(EnvInt("POOL_HOLD_MS", 3000)));
  for (const auto& conn : pool) {
    PGresult* result = PQexec(conn.get(), "SELECT 1");
    EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQerrorMessage(conn.get());
    PQclear(result);
  }
}

TEST(Checkout, RoundsTotals) {
  EXPECT_EQ(1999 / 100, 19);
}

}  // namespace
