// JsonCount: whole numbers that fit, the fallback when absent, a reader's exception otherwise.
#include "preflight/report/json_count.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(JsonCount, WholeNumbersThatFitAndTheFallbackWhenAbsent) {
  const auto object = nlohmann::json::parse(R"({"a": 3, "zero": 0, "max": 2147483647})");
  EXPECT_EQ(JsonCount(object, "a"), 3);
  EXPECT_EQ(JsonCount(object, "zero", 7), 0);
  EXPECT_EQ(JsonCount(object, "max"), 2147483647);
  EXPECT_EQ(JsonCount(object, "absent", 1), 1);
}

TEST(JsonCount, AnythingElseThrowsTheReadersException) {
  const auto object = nlohmann::json::parse(
      R"({"huge": 1e30, "big": 2147483648, "negative": -1, "half": 2.5, "text": "3"})");
  for (const char* key : {"huge", "big", "negative", "half", "text", "absent"})
    EXPECT_THROW(JsonCount(object, key), nlohmann::json::exception) << key;
  try {
    JsonCount(object, "huge");
  } catch (const nlohmann::json::exception& error) {
    EXPECT_NE(std::string(error.what()).find("\"huge\" is 1e+30, not a count"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace preflight
