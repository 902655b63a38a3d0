// Writing report files atomically: readers see the old file or the whole new one, never half.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace preflight {

// A file written in parts to a temporary file beside `path`, renamed over `path` by Commit();
// removed if it is never committed. For reports too large to hold in memory whole.
class AtomicFileWriter {
 public:
  static std::expected<AtomicFileWriter, std::string> Open(const std::string& path);
  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  ~AtomicFileWriter();

  std::expected<void, std::string> Write(std::string_view part);
  std::expected<void, std::string> Commit();

 private:
  AtomicFileWriter(std::string path, std::string temp, int fd);
  std::string path_, temp_, error_;
  int fd_ = -1;
};

// Writes to a temporary file beside `path`, then renames it over `path`.
std::expected<void, std::string> WriteFileAtomically(const std::string& path,
                                                     std::string_view contents);

// Appends with O_APPEND (step summaries, logs that other steps also write to).
std::expected<void, std::string> AppendToFile(const std::string& path, std::string_view contents);

}  // namespace preflight
