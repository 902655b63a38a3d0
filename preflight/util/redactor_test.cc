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
                           "STRIPE_API_KEY", "PRIVATE_KEY", "STRIPE_KEY", "SIGNING_KEYS", "KEY",
                           "AWS_SECRET_ACCESS_KEY", "DB_PASS", "REDIS_PWD", "svc.key"})
    EXPECT_TRUE(IsSecretName(name)) << name;
  for (const char* name : {"DATABASE_HOST", "EMERGENCY_BYPASS_EXPIRY", "USER", "PWD", "OLDPWD",
                           "MONKEY_COUNT", "PASSAGE", "KEYBOARD_LAYOUT"})
    EXPECT_FALSE(IsSecretName(name)) << name;
}

TEST(Redactor, PlainSettingsUnderSecretNamesAreNotBlanked) {
  Redactor redactor;
  for (const char* value : {"true", "FALSE", "yes", "3600", "none"}) redactor.AddSecret(value);
  redactor.AddSecret("sk_live_51H");
  EXPECT_EQ(redactor.Redact("retry=true after 3600s with sk_live_51H"),
            "retry=true after 3600s with ***");
}

TEST(Redactor, PasswordsWrittenInDsnsAndUrlsAreMaskedBareToo) {
  Redactor redactor;
  redactor.AddSecretsIn("postgresql://app:s3cr3t-pw@db:5432/app");
  redactor.AddSecretsIn("host=db password='kv pass' user=app");
  redactor.AddSecretsIn("https://example.com/no-userinfo");
  EXPECT_EQ(redactor.Redact("got s3cr3t-pw and kv pass"), "got *** and ***");
}

}  // namespace
}  // namespace preflight
