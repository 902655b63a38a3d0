// Shared by the libFuzzer targets: the input as text, and a scratch file for readers that take a
// path (one per process, rewritten for every input).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace preflight::fuzz {

inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Writes `contents` to this process's scratch file and returns its path: TMPDIR/input (run.sh
// gives every run a TMPDIR of its own, relative, so the path is the same on every run), else
// /tmp/preflight-fuzz-PID.
inline const std::string& ScratchFile(std::string_view contents, const char* suffix = "") {
  static const std::string path = [&] {
    const char* dir = std::getenv("TMPDIR");
    return dir ? std::string(dir) + "/input" + suffix
               : "/tmp/preflight-fuzz-" + std::to_string(::getpid()) + suffix;
  }();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  return path;
}

// Stops the target where an invariant fails: libFuzzer reports it as a crash with the input.
inline void Require(bool holds) {
  if (!holds) std::abort();
}

}  // namespace preflight::fuzz
