// Whole-file reads with errno-based error messages.
#include "preflight/util/text_file.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace preflight {

std::expected<std::string, std::string> ReadTextFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return std::unexpected(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  if (S_ISDIR(info.st_mode))
    return std::unexpected(fmt::format("cannot read {}: it is a directory", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::unexpected(fmt::format("cannot read {}: read error", path));
  return contents.str();
}

}  // namespace preflight
