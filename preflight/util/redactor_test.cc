// Tests that secrets never survive redaction.
#include "preflight/util/redactor.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(Redactor, HidesUrlPasswordsButKeepsUserAndHost) {
  Redactor redactor;
  EXPECT_EQ(redactor.Redact("postgres://app:s3cr3t@db:5432/app"), "postgres://app:***@db:5432/app");
  EXPECT_EQ(redactor.Redact("see https://u:p%40ss@h/x and http://plain/y"),
            "see https://u:***@h/x and http://plain/y");
  EXPECT_EQ(redactor.Redact("postgres://app@db/app"), "postgres://app@db/app");
  EXPECT_EQ(redactor.Redact("http://host:8080/path@x"), "http://host:8080/path@x");
}

TEST(Redactor, HidesConninfoPasswords) {
  Redactor redactor;
  EXPECT_EQ(redactor.Redact("host=db password=hunter22 dbname=app"),
            "host=db password=*** dbname=app");
  EXPECT_EQ(redactor.Redact("host=db password = 'a b c' dbname=app"),
            "host=db password = *** dbname=app");
}

TEST(Redactor, HidesRegisteredSecretsEverywhere) {
  Redactor redactor;
  redactor.AddSecret("tok-12345");
  redactor.AddSecret("x");  // too short to redact without destroying the text
  EXPECT_EQ(redactor.Redact("Authorization: Bearer tok-12345, again tok-12345; x"),
            "Authorization: Bearer ***, again ***; x");
}

TEST(Redactor, RecognisesSecretNames) {
  for (const char* name : {"DB_PASSWORD", "api_secret", "GITHUB_TOKEN", "Authorization",
                           "STRIPE_API_KEY", "PRIVATE_KEY"})
    EXPECT_TRUE(IsSecretName(name)) << name;
  for (const char* name : {"DATABASE_HOST", "EMERGENCY_BYPASS_EXPIRY", "USER"})
    EXPECT_FALSE(IsSecretName(name)) << name;
}

}  // namespace
}  // namespace preflight
