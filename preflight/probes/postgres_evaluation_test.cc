// Tests of PostgreSQL failure classification, with the messages libpq really produces.
#include "preflight/probes/postgres_evaluation.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

constexpr const char* kPrefix = "connection to server at \"127.0.0.1\", port 5432 failed: ";

ProbeOutcome Connect(std::string message, PostgresProbe probe = PostgresProbe::kQuery) {
  message = kPrefix + message;
  return EvaluatePgFailure(probe, PgPhase::kConnect, ExtractSqlState(message),
                           TidyPgMessage(message));
}

TEST(PostgresEvaluation, ExtractsSqlStateFromVerboseMessages) {
  EXPECT_EQ(
      ExtractSqlState(std::string(kPrefix) + "FATAL:  57P03: the database system is starting up\n"),
      "57P03");
  EXPECT_EQ(
      ExtractSqlState("ERROR:  42P01: relation \"x\" does not exist\nLOCATION:  parserOpenTable"),
      "42P01");
  EXPECT_EQ(ExtractSqlState("Connection refused\n\tIs the server running"), "");
}

TEST(PostgresEvaluation, TidiesMessagesToOneLineWithoutLocation) {
  EXPECT_EQ(
      TidyPgMessage(
          "FATAL:  53300: sorry, too many clients already\nLOCATION:  InitProcess, proc.c:359\n"),
      "FATAL:  53300: sorry, too many clients already");
  EXPECT_EQ(TidyPgMessage("failed: Connection refused\n\tIs the server running?\n"),
            "failed: Connection refused; Is the server running?");
}

TEST(PostgresEvaluation, StartingUpAndTooManyClientsAreWorthWaitingFor) {
  auto starting = Connect("FATAL:  57P03: the database system is starting up");
  EXPECT_EQ(starting.error->category, "database_starting");
  EXPECT_TRUE(starting.retryable);
  auto full = Connect("FATAL:  53300: sorry, too many clients already");
  EXPECT_EQ(full.error->category, "capacity");
  EXPECT_TRUE(full.retryable);
}

TEST(PostgresEvaluation, BadCredentialsAndMissingDatabaseAreConfigNotRetried) {
  for (const char* message :
       {"FATAL:  28P01: password authentication failed for user \"app\"",
        "FATAL:  3D000: database \"nope\" does not exist", "fe_sendauth: no password supplied"}) {
    auto outcome = Connect(message);
    EXPECT_EQ(outcome.error->category, "config") << message;
    EXPECT_FALSE(outcome.retryable) << message;
  }
}

TEST(PostgresEvaluation, TransportFailuresAreRetryable) {
  auto refused = Connect(
      "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?");
  EXPECT_EQ(refused.error->category, "connection_refused");
  EXPECT_TRUE(refused.retryable);
  auto lookup = Connect(
      "could not translate host name \"db\" to address: Temporary failure in name resolution");
  EXPECT_EQ(lookup.error->category, "dns");
  EXPECT_TRUE(lookup.retryable);
}

// The same semantics as for a test's failure: a name that does not exist is a setting to fix.
TEST(PostgresEvaluation, ANameThatDoesNotExistIsConfig) {
  auto missing =
      Connect("could not translate host name \"db\" to address: Name or service not known");
  EXPECT_EQ(missing.error->category, "config");
  EXPECT_FALSE(missing.retryable);
}

TEST(PostgresEvaluation, PingIsReadyWhenTheServerAnswersAtAll) {
  EXPECT_TRUE(
      Connect("FATAL:  28P01: password authentication failed for user \"x\"", PostgresProbe::kPing)
          .ready);
  EXPECT_TRUE(Connect("fe_sendauth: no password supplied", PostgresProbe::kPing).ready);
  EXPECT_FALSE(
      Connect("FATAL:  57P03: the database system is starting up", PostgresProbe::kPing).ready);
  EXPECT_FALSE(Connect("Connection refused", PostgresProbe::kPing).ready);
}

TEST(PostgresEvaluation, ABrokenQueryIsConfig) {
  auto outcome = EvaluatePgFailure(PostgresProbe::kQuery, PgPhase::kQuery, "42601",
                                   "syntax error at or near \"SELEC\"");
  EXPECT_EQ(outcome.error->category, "config");
  EXPECT_FALSE(outcome.retryable);
}

TEST(NameToResolve, OnlyASingleHostNameWithoutHostaddr) {
  EXPECT_EQ(NameToResolve("postgres://app:pw@db.internal:5432/app"), "db.internal");
  EXPECT_EQ(NameToResolve("host=localhost port=5432 dbname=app"), "localhost");
  EXPECT_EQ(NameToResolve("postgres://app@10.0.0.7/app"), "");
  EXPECT_EQ(NameToResolve("postgresql://[::1]:5432/app"), "");
  EXPECT_EQ(NameToResolve("host=/var/run/postgresql dbname=app"), "");
  EXPECT_EQ(NameToResolve("host=db.internal hostaddr=10.0.0.7"), "");
  EXPECT_EQ(NameToResolve("postgres://a.internal:5432,b.internal:5433/app"), "");
  EXPECT_EQ(NameToResolve("dbname=app"), "") << "no host: libpq uses its Unix socket";
  EXPECT_EQ(NameToResolve("not a dsn ="), "");
}

}  // namespace
}  // namespace preflight
