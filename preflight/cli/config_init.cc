// `preflight config init`: writes a commented starter config (DNS, an HTTP health endpoint, the
// PostgreSQL of DATABASE_URL) where none exists; never overwrites a file.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"

namespace preflight::cli {
namespace {

constexpr std::string_view kStarter =
    R"(# preflight.toml: what must be ready before the e2e suite runs.
# Check it:  preflight config validate     Run it:  preflight check
# Reference: the README's "Config" section. Durations are "250ms", "45s", "5m".

[retry]
attempts = 3          # per check
delay = "30s"         # between attempts, an upper bound (jittered, never slept in full)

[bypass]
env_files = [".env.staging.tests"]   # EMERGENCY_* flags live here; honoured only until their expiry
max_days = 14

[checks.dns]
type = "dns"
hosts = ["staging.example.com"]      # every staging name the suite uses
timeout = "5s"

[checks.api]
type = "http"
url = "https://staging.example.com/health"
warmup = "60s"                       # poll until healthy, at most this long per attempt
expect_status = [200]
after = ["dns"]

[checks.database]
type = "postgres"
dsn = "${DATABASE_URL:-postgresql://app@localhost:5432/app}"  # the environment or env files win
warmup = "45s"
query = "SELECT 1"
after = ["dns"]
)";

}  // namespace

int ConfigInit(const std::string& path) {
  // O_EXCL: an existing file (or one created meanwhile) is never overwritten.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    fmt::print(stderr, "preflight config init: {}: {}{}\n", path, std::strerror(errno),
               errno == EEXIST ? "; nothing was overwritten (choose another --config)" : "");
    return kExitUsage;
  }
  const bool written =
      ::write(fd, kStarter.data(), kStarter.size()) == static_cast<ssize_t>(kStarter.size());
  ::close(fd);
  if (!written) {
    fmt::print(stderr, "preflight config init: cannot write {}\n", path);
    ::unlink(path.c_str());
    return kExitUsage;
  }
  fmt::print("wrote {}: edit the hosts and the URL, then `preflight config validate --config {}`\n",
             path, path);
  return kExitOk;
}

}  // namespace preflight::cli
