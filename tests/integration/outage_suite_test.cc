// A suite against a real PostgreSQL for the circuit breaker's integration cases: Db.* query it
// (Db.Q03 first stages an outage with $OUTAGE_STOP, once), Dead.* connect to ports that are
// closed while staging is healthy, Bug.* are plain code bugs.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void Query(const std::string& dsn) {
  // Closed on every path, the failed assertion's too: the suite is leak-free under ASan.
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(dsn.c_str()), PQfinish);
  ASSERT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  PGresult* result = PQexec(conn.get(), "SELECT 1");
  EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQerrorMessage(conn.get());
  PQclear(result);
}

// Stops the database the first time it is called (the marker file remembers).
void StageOutageOnce() {
  const std::string marker = Env("OUTAGE_MARKER");
  if (marker.empty() || std::filesystem::exists(marker)) return;
  std::ofstream(marker) << "stopped\n";
  ASSERT_EQ(std::system(Env("OUTAGE_STOP").c_str()), 0);
}

}  // namespace

TEST(Db, Q01) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q02) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q03) {
  StageOutageOnce();
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q04) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q05) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q06) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q07) {
  Query(Env("OUTAGE_DSN"));
}
TEST(Db, Q08) {
  Query(Env("OUTAGE_DSN"));
}

TEST(Dead, E1) {
  Query(Env("DEAD_DSN"));
}
TEST(Dead, E2) {
  Query(Env("DEAD_DSN"));
}
TEST(Dead, E3) {
  Query(Env("DEAD_DSN"));
}
TEST(Dead, E4) {
  Query(Env("DEAD_DSN"));
}
TEST(Dead, E5) {
  Query(Env("DEAD_DSN"));
}

int Discount(int total) {
  return total / 10 + 1;
}  // the bug: off by one

TEST(Bug, DiscountIsTenPercent) {
  EXPECT_EQ(Discount(100), 10);
}
TEST(Bug, DiscountOfNothing) {
  EXPECT_EQ(Discount(0), 0);
}
TEST(Bug, DiscountOfTwenty) {
  EXPECT_EQ(Discount(20), 2);
}
