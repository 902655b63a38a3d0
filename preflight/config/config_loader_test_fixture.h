// The fixture of the config loader's tests: a preflight.toml (and .env files) written to a
// scratch directory and loaded with a process environment the test sets.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "preflight/config/config_loader.h"
#include "support/temp_dir.h"

namespace preflight {

class ConfigLoaderTest : public ::testing::Test {
 protected:
  std::expected<LoadedConfig, Diagnostics> Load(const std::string& toml,
                                                std::vector<std::string> env_files = {}) {
    path_ = dir_.Write("preflight.toml", toml);
    return LoadConfig(
        {path_, std::move(env_files), [this](std::string_view name) -> std::optional<std::string> {
           auto it = env_.find(std::string(name));
           if (it == env_.end()) return std::nullopt;
           return it->second;
         }});
  }

  // Loads a config that must fail and returns its diagnostics, each as "LINE: message".
  std::vector<std::string> Errors(const std::string& toml) {
    auto loaded = Load(toml);
    EXPECT_FALSE(loaded) << "expected errors, got a valid config";
    std::vector<std::string> out;
    if (loaded) return out;
    for (const auto& d : loaded.error()) {
      EXPECT_EQ(d.where.file, path_);
      out.push_back(std::to_string(d.where.line) + ": " + d.message + " | " + d.hint);
    }
    return out;
  }

  testing::TempDir dir_;
  std::string path_;
  std::map<std::string, std::string> env_;
};

}  // namespace preflight
