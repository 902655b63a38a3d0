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
#include <utility>

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

std::expected<AtomicFileWriter, std::string> AtomicFileWriter::Open(const std::string& path) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return std::unexpected(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  ::fchmod(fd, ModeFor(path));
  return AtomicFileWriter(path, std::move(temp), fd);
}

AtomicFileWriter::AtomicFileWriter(std::string path, std::string temp, int fd)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      error_(std::move(other.error_)),
      fd_(std::exchange(other.fd_, -1)) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_.c_str());
}

std::expected<void, std::string> AtomicFileWriter::Write(std::string_view part) {
  for (size_t written = 0; error_.empty() && written < part.size();) {
    const ssize_t n = ::write(fd_, part.data() + written, part.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      error_ = fmt::format("cannot write {}: {}", path_, std::strerror(errno));
    else
      written += static_cast<size_t>(n);
  }
  if (!error_.empty()) return std::unexpected(error_);
  return {};
}

std::expected<void, std::string> AtomicFileWriter::Commit() {
  if (!error_.empty()) return std::unexpected(error_);
  ::close(std::exchange(fd_, -1));
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp_.c_str());
    return std::unexpected(fmt::format("cannot write {}: {}", path_, std::strerror(saved)));
  }
  return {};
}

std::expected<void, std::string> WriteFileAtomically(const std::string& path,
                                                     std::string_view contents) {
  auto file = AtomicFileWriter::Open(path);
  if (!file) return std::unexpected(file.error());
  if (auto written = file->Write(contents); !written) return written;
  return file->Commit();
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
