// mkstemp + write + rename: readers see the old file or the new one (no fsync: reports need
// atomic visibility, not power-loss durability).
#include "preflight/util/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace preflight {
namespace {

// A replaced file keeps its mode (a 0600 report stays 0600); a new one gets what the umask
// allows, as any file the user's programs create.
mode_t ModeFor(const std::string& path) {
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0) return existing.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

std::expected<void, std::string> WriteFileAtomically(const std::string& path,
                                                     std::string_view contents) {
  std::string temp = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return std::unexpected(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  ::fchmod(fd, ModeFor(path));
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return std::unexpected(fmt::format("cannot write {}: {}", path, std::strerror(saved)));
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return std::unexpected(fmt::format("cannot write {}: {}", path, std::strerror(saved)));
  }
  return {};
}

std::expected<void, std::string> AppendToFile(const std::string& path, std::string_view contents) {
  // Never through a symbolic link: a summary or log path is no way to write somewhere else.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0)
    return std::unexpected(fmt::format(
        "cannot append to {}: {}", path,
        errno == ELOOP ? "it is a symbolic link (not followed)" : std::strerror(errno)));
  const ssize_t written = ::write(fd, contents.data(), contents.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(contents.size()))
    return std::unexpected(fmt::format("cannot append to {}: {}", path,
                                       written < 0 ? std::strerror(saved) : "short write"));
  return {};
}

}  // namespace preflight
