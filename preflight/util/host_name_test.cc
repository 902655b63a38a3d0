// Names a lookup could succeed for, and addresses mangled into names.
#include "preflight/util/host_name.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(HostName, RegisteredShapesAreNames) {
  for (const char* name : {"localhost", "localhost.", "api.staging.example", "db-1.internal",
                           "_http._tcp.example.com", "bad_host", "xn--bcher-kva.example",
                           "b\u00FCcher.example", "1password.com", "3com", "a.b.c.d.e.f"})
    EXPECT_EQ(WhyNotAHostName(name), std::nullopt) << name;
  EXPECT_EQ(WhyNotAHostName(""), std::nullopt) << "the local host's own addresses";
}

TEST(HostName, MangledAddressesAreNotNames) {
  EXPECT_EQ(WhyNotAHostName("127.0.0."), "its last label is all digits, as no top-level domain is");
  for (const char* name : {"127.0.0.1.", "10.0.0.300", "1.2.3.4.5", "8811"})
    EXPECT_EQ(WhyNotAHostName(name), "its last label is all digits, as no top-level domain is")
        << name;
  EXPECT_EQ(WhyNotAHostName("api..example"), "it has an empty label");
  EXPECT_EQ(WhyNotAHostName(".example"), "it has an empty label");
  EXPECT_EQ(WhyNotAHostName("."), "a name is 1 to 253 characters, not 0");
  EXPECT_EQ(WhyNotAHostName("127.0.0.1:8080"), "':' is not allowed in a host name");
  EXPECT_EQ(WhyNotAHostName("api.example/v1"), "'/' is not allowed in a host name");
  EXPECT_EQ(WhyNotAHostName("user@db.example"), "'@' is not allowed in a host name");
  EXPECT_EQ(WhyNotAHostName("api example"), "' ' is not allowed in a host name");
  EXPECT_EQ(WhyNotAHostName(std::string(64, 'a') + ".example"),
            "a label is at most 63 characters, not 64");
  std::string long_name;
  for (int i = 0; i < 64; ++i) long_name += "abc.";
  long_name += "com";
  EXPECT_EQ(WhyNotAHostName(long_name), "a name is 1 to 253 characters, not 259");
}

}  // namespace
}  // namespace preflight
