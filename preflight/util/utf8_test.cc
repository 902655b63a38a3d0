// ReadUtf8Sequence: every kind of sequence RFC 3629 allows, and every kind it forbids.
#include "preflight/util/utf8.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(Utf8, ValidSequencesGiveTheirLengthAndCodePoint) {
  const struct {
    std::string_view bytes;
    size_t length;
    uint32_t code;
  } valid[] = {{"\xC3\xA9", 2, 0xE9},
               {"\xE2\x82\xAC", 3, 0x20AC},
               {"\xEF\xBF\xBF", 3, 0xFFFF},
               {"\xF0\x9F\x98\x80", 4, 0x1F600},
               {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF}};
  for (const auto& [bytes, length, code] : valid) {
    const auto sequence = ReadUtf8Sequence(bytes, 0);
    ASSERT_TRUE(sequence) << bytes;
    EXPECT_EQ(sequence->length, length);
    EXPECT_EQ(sequence->code, code);
  }
}

TEST(Utf8, AnythingElseIsNone) {
  for (std::string_view bytes :
       {"a", "\x80", "\xC1\xBF", "\xC3", "\xC3(", "\xE0\x9F\xBF", "\xED\xA0\x80",
        "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF\xBC\xA9", "\xE2\x82"})
    EXPECT_FALSE(ReadUtf8Sequence(bytes, 0)) << ::testing::PrintToString(bytes);
}

}  // namespace
}  // namespace preflight
