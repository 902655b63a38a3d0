// JSON string literals read and written without a JSON tree.
#include "preflight/util/json_text.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(JsonText, ReadsOneStringLiteralWithEveryEscape) {
  EXPECT_EQ(ReadJsonString(R"("plain")"), "plain");
  EXPECT_EQ(ReadJsonString(R"(  "a\"b\\c\/d\n\t\r\b\f"  )"), "a\"b\\c/d\n\t\r\b\f");
  EXPECT_EQ(ReadJsonString(R"("\u00e9\u20ac")"), "\xC3\xA9\xE2\x82\xAC");  // é €
  EXPECT_EQ(ReadJsonString(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");      // a surrogate pair
  EXPECT_EQ(ReadJsonString(R"("")"), "");
}

TEST(JsonText, AnythingElseIsLeftToAFullParser) {
  for (const char* text : {R"({"message":"x"})", R"("a" "b")", R"("unterminated)", "\"tab\there\"",
                           R"("\x")", R"("\ud83d")", R"("\udc00")", R"("\u12")", "42", ""})
    EXPECT_FALSE(ReadJsonString(text).has_value()) << text;
}

TEST(JsonText, WhatIsWrittenIsReadBack) {
  const std::string original = "line 1\nline \"2\"\t\\ \x01 é";
  std::string literal;
  AppendJsonString(literal, original);
  EXPECT_EQ(ReadJsonString(literal), original);
}

// Found by fuzzing against nlohmann's parser: bytes F5 to FF were taken for the lead of a 3-byte
// sequence, so "\xFF\xBC\xA9" went out raw and the report was not JSON.
TEST(JsonText, BytesThatAreNeverUtf8BecomeReplacementCharacters) {
  for (int lead = 0xF5; lead <= 0xFF; ++lead) {
    std::string literal;
    AppendJsonString(literal, std::string{static_cast<char>(lead), '\xBC', '\xA9', '\xA9'});
    EXPECT_EQ(literal, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"") << lead;
  }
  std::string literal;
  AppendJsonString(
      literal,
      "\xC0\x80 \xED\xA0\x80 \xF4\x90\x80\x80 \xC3\xA9");  // overlong, surrogate, > U+10FFFF
  EXPECT_EQ(literal,
            "\"\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9\"");
}

}  // namespace
}  // namespace preflight
