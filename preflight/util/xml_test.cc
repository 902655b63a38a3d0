// XML escaping keeps any bytes well-formed.
#include "preflight/util/xml.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(XmlEscape, EscapesMarkupAndKeepsUtf8) {
  EXPECT_EQ(XmlEscape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80"),
            "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80");
}

TEST(XmlEscape, ReplacesWhatIsNotUtf8) {
  // A lone continuation byte, a cut sequence, an overlong form, a surrogate, control bytes.
  EXPECT_EQ(XmlEscape("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(XmlEscape("\xC3("), "\xEF\xBF\xBD(");
  EXPECT_EQ(XmlEscape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("a\x01"), "a?");
}

}  // namespace
}  // namespace preflight
