// The keys of the capacity gate and the slow-but-passing warnings, as preflight.toml states them:
// planned_connections (or the app's own pool settings), pressure levels, bursts, warn_after and
// critical_after, and [admission]; each mistake is an error at its line.
#include <gtest/gtest.h>

#include <map>

#include "preflight/config/config_loader.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

class CapacityKeysTest : public ::testing::Test {
 protected:
  std::expected<LoadedConfig, Diagnostics> Load(const std::string& toml) {
    const std::string path = dir_.Write("preflight.toml", toml);
    return LoadConfig({path, {}, [this](std::string_view name) -> std::optional<std::string> {
                         auto it = env_.find(std::string(name));
                         if (it == env_.end()) return std::nullopt;
                         return it->second;
                       }});
  }
  // "LINE: message" of each error.
  std::vector<std::string> Errors(const std::string& toml) {
    auto loaded = Load(toml);
    EXPECT_FALSE(loaded);
    std::vector<std::string> out;
    if (!loaded)
      for (const auto& d : loaded.error())
        out.push_back(std::to_string(d.where.line) + ": " + d.message);
    return out;
  }
  const PostgresCheck& Postgres(const LoadedConfig& loaded) {
    return std::get<PostgresCheck>(loaded.config.checks.at(0).spec);
  }

  preflight::testing::TempDir dir_;
  std::map<std::string, std::string> env_;
};

constexpr const char* kDatabase =
    "[checks.db]\ntype = \"postgres\"\ndsn = \"postgres://app@db/app\"\n";

TEST_F(CapacityKeysTest, PlannedConnectionsComeFromTheKeyOrFromThePoolSettings) {
  auto explicit_keys =
      Load(std::string(kDatabase) +
           "planned_connections = 16\nelevated_at = \"60%\"\ncritical_at = \"80%\"\n");
  ASSERT_TRUE(explicit_keys);
  EXPECT_EQ(Postgres(*explicit_keys).planned_connections, 16);
  EXPECT_DOUBLE_EQ(Postgres(*explicit_keys).elevated_at, 0.60);
  EXPECT_DOUBLE_EQ(Postgres(*explicit_keys).critical_at, 0.80);

  auto none = Load(kDatabase);
  ASSERT_TRUE(none);
  EXPECT_FALSE(Postgres(*none).planned_connections)
      << "no key, no pool settings: no capacity check";

  env_ = {{"DATABASE_POOL_SIZE", "10"}, {"DATABASE_MAX_OVERFLOW", "5"}};
  auto pool = Load(kDatabase);
  ASSERT_TRUE(pool);
  EXPECT_EQ(Postgres(*pool).planned_connections, 15);
  EXPECT_EQ(Postgres(*pool).planned_from, "DATABASE_POOL_SIZE 10 + DATABASE_MAX_OVERFLOW 5");

  env_["DATABASE_MAX_OVERFLOW"] = "many";
  auto bad = Errors(kDatabase);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].find("are not connection counts"), std::string::npos) << bad[0];
}

TEST_F(CapacityKeysTest, PressureLevelsMustBePercentagesInOrder) {
  auto errors = Errors(std::string(kDatabase) + "elevated_at = \"0.7\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "4: `elevated_at` is \"0.7\", not a percentage");
  errors = Errors(std::string(kDatabase) + "elevated_at = \"90%\"\ncritical_at = \"80%\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "4: elevated_at (90%) must be below critical_at (80%)");
  errors = Errors(std::string(kDatabase) + "probe = \"ping\"\nplanned_connections = 4\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("the capacity check needs to log in"), std::string::npos);
}

TEST_F(CapacityKeysTest, BurstThresholdsNeedABurst) {
  auto loaded =
      Load(std::string(kDatabase) + "burst = 30\nmin_success = \"90%\"\nmax_p95 = \"2s\"\n");
  ASSERT_TRUE(loaded);
  const BurstSpec& burst = Postgres(*loaded).burst;
  EXPECT_EQ(burst.connections, 30);
  EXPECT_DOUBLE_EQ(burst.min_success, 0.90);
  EXPECT_EQ(burst.max_p95, 2s);
  auto errors = Errors(std::string(kDatabase) + "min_success = \"85%\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "4: thresholds of a burst, without `burst`");
  errors = Errors(std::string(kDatabase) + "burst = 0\n");
  ASSERT_EQ(errors.size(), 1u);
}

TEST_F(CapacityKeysTest, WarnAfterAndCriticalAfterAreCommonKeysInOrder) {
  auto loaded = Load(std::string(kDatabase) + "warn_after = \"60s\"\ncritical_after = \"90s\"\n");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.checks[0].warn_after, 60s);
  EXPECT_EQ(loaded->config.checks[0].critical_after, 90s);
  auto errors = Errors(std::string(kDatabase) + "warn_after = \"90s\"\ncritical_after = \"60s\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "5: critical_after (1m) must be longer than warn_after (1m30s)");
}

TEST_F(CapacityKeysTest, PollIntervalIsACommonKeyWithinItsRange) {
  auto loaded = Load(std::string(kDatabase));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.checks[0].poll_interval, kDefaultPollInterval);
  loaded = Load(std::string(kDatabase) + "poll_interval = \"1s\"\n");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.checks[0].poll_interval, 1s);
  auto errors = Errors(std::string(kDatabase) + "poll_interval = \"5ms\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "4: poll_interval 5ms is out of range: give 20ms to 1m");
}

TEST_F(CapacityKeysTest, AdmissionHasDefaultsAndNeedsItsDsnAndSlots) {
  auto loaded =
      Load(std::string(kDatabase) + "[admission]\ndsn = \"postgres://app@db/app\"\nslots = 4\n");
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->config.admission);
  EXPECT_EQ(loaded->config.admission->slots, 4);
  EXPECT_EQ(loaded->config.admission->wait, kDefaultAdmissionWait);
  EXPECT_EQ(loaded->config.admission->name_space, kDefaultAdmissionNamespace);
  auto errors = Errors(std::string(kDatabase) + "[admission]\nnamespace = \"\"\n");
  ASSERT_EQ(errors.size(), 3u) << "dsn and slots missing, namespace empty";
}

}  // namespace
}  // namespace preflight
