// The variables a run sees: the real environment layered over the .env files it read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/util/dotenv.h"
#include "preflight/util/redactor.h"
#include "preflight/util/variable_expansion.h"

namespace preflight {

class Environment {
 public:
  // Where a value came from: a .env file and line, or the real environment (file empty).
  struct Value {
    std::string value;
    std::string file;
    int line = 0;
  };

  explicit Environment(VariableLookup process) : process_(std::move(process)) {}
  static Environment FromProcess();  // getenv

  // Later files override earlier ones; the real environment overrides every file.
  void AddFile(DotenvFile file) { files_.push_back(std::move(file)); }
  const std::vector<DotenvFile>& files() const { return files_; }

  std::optional<Value> Find(std::string_view name) const;
  std::optional<std::string> Get(std::string_view name) const;
  VariableLookup AsLookup() const;
  const VariableLookup& process() const { return process_; }

  // Registers with `redactor` the value of every secret-named variable in the files.
  void RegisterSecrets(Redactor& redactor) const;

 private:
  VariableLookup process_;
  std::vector<DotenvFile> files_;
};

}  // namespace preflight
