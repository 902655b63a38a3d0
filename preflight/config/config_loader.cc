// LoadConfig: file → TOML → .env files → ${VAR} expansion → typed, validated Config.
#include "preflight/config/config_loader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <tuple>

#include "preflight/config/check_graph.h"
#include "preflight/config/check_parsers.h"
#include "preflight/util/table_reader.h"
#include "preflight/util/text_file.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

std::string Resolve(const fs::path& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

// Expands ${VAR} from `lookup`, registering the values of secret-named variables for redaction.
auto MakeExpander(VariableLookup lookup, Redactor& redactor) {
  return [lookup = std::move(lookup),
          &redactor](std::string_view text) -> std::expected<std::string, std::string> {
    auto recording = [&](std::string_view name) {
      auto value = lookup(name);
      if (value && IsSecretName(name)) redactor.AddSecret(*value);
      return value;
    };
    auto expanded = ExpandVariables(text, recording, MissingVariable::kError);
    if (!expanded) return std::unexpected(expanded.error().message);
    redactor.AddSecretsIn(*expanded);  // a password written in a DSN or URL, bare, is masked too
    return std::move(*expanded);
  };
}

void ReadRetry(ConfigSource& source, const toml::table& root, RetryPolicy& retry) {
  if (!root.contains("retry")) return;
  TableReader top(source, root, "the config", {});
  const toml::table* table = top.Table("retry");
  if (!table) return;
  TableReader reader(source, *table, "[retry]", {"attempts", "delay"});
  if (auto attempts = reader.Integer("attempts", 1, 100))
    retry.attempts = static_cast<int>(*attempts);
  if (auto delay = reader.DurationValue("delay", Duration{0})) retry.delay = *delay;
  reader.RejectUnknownKeys();
}

void ReadRun(ConfigSource& source, const toml::table& root,
             std::map<std::string, std::string>& only_when) {
  if (!root.contains("run")) return;
  TableReader top(source, root, "the config", {});
  const toml::table* table = top.Table("run");
  if (!table) return;
  TableReader reader(source, *table, "[run]", {"only_when"});
  reader.RejectUnknownKeys();
  const toml::table* conditions = reader.Table("only_when");
  if (!conditions) return;
  TableReader condition_reader(source, *conditions, "[run] only_when", {});
  for (auto&& [name, value] : *conditions) {
    if (!IsValidVariableName(name.str()))
      source.Error(name.source(),
                   fmt::format("\"{}\" is not an environment variable name", name.str()));
    if (auto expected = condition_reader.RawString(name.str()))
      only_when[std::string(name.str())] = *expected;
  }
}

void ReadAdmission(ConfigSource& source, const toml::table& root, Redactor& redactor,
                   std::optional<AdmissionSettings>& admission) {
  if (!root.contains("admission")) return;
  TableReader top(source, root, "the config", {});
  const toml::table* table = top.Table("admission");
  if (!table) return;
  TableReader reader(source, *table, "[admission]", {"dsn", "slots", "wait", "namespace"});
  AdmissionSettings settings;
  reader.Require("dsn", "dsn = \"${ADMISSION_DATABASE_URL}\" (staging's PostgreSQL will do)");
  reader.Require("slots", "slots = 4 (how many runs may use staging at once)");
  if (auto dsn = reader.String("dsn")) {
    ValidatePostgresDsn(reader, "dsn", *dsn, redactor);
    settings.dsn = std::move(*dsn);
  }
  if (auto slots = reader.Integer("slots", 1, 10000)) settings.slots = static_cast<int>(*slots);
  if (auto wait = reader.DurationValue("wait", Duration{0})) settings.wait = *wait;
  if (auto name = reader.String("namespace")) {
    if (name->empty())
      reader.Error("namespace", "`namespace` is empty",
                   "namespace = \"staging-e2e\" (runs with the same namespace share the slots)");
    else
      settings.name_space = std::move(*name);
  }
  reader.RejectUnknownKeys();
  admission = std::move(settings);
}

void ReadBypass(ConfigSource& source, const toml::table& root, const fs::path& base,
                BypassSettings& bypass) {
  bypass.audit_log = Resolve(base, std::string(kDefaultAuditLog));
  if (!root.contains("bypass")) return;
  TableReader top(source, root, "the config", {});
  const toml::table* table = top.Table("bypass");
  if (!table) return;
  TableReader reader(source, *table, "[bypass]", {"env_files", "max_days", "audit_log"});
  if (auto files = reader.StringArray("env_files"))
    for (const auto& file : *files) bypass.env_files.push_back(Resolve(base, file));
  if (auto max_days = reader.Integer("max_days", 0, 366))
    bypass.max_days = static_cast<int>(*max_days);
  if (auto audit = reader.String("audit_log")) bypass.audit_log = Resolve(base, *audit);
  reader.RejectUnknownKeys();
}

// Reads the .env files: [bypass] env_files (a missing one is only noted: CI usually has none),
// then --env-file (a missing one is an error: the user named it).
void ReadEnvFiles(const ConfigRequest& request, LoadedConfig& loaded, Diagnostics& errors) {
  const DotenvLookups lookups{request.process_environment, loaded.environment.AsLookup()};
  auto read = [&](const std::string& path, bool must_exist) {
    // A path the system cannot even look up (too long, a file where a directory should be) is
    // read anyway, so that its error is reported with the file's name.
    if (std::error_code error; !must_exist && !fs::exists(path, error) && !error) {
      loaded.missing_env_files.push_back(path);
      return;
    }
    auto file = ReadDotenvFileKeepingGoodLines(path, lookups, errors);
    if (!file) {
      errors.insert(errors.end(), file.error().begin(), file.error().end());
      return;
    }
    loaded.environment.AddFile(std::move(*file));
  };
  for (const auto& path : loaded.config.bypass.env_files) read(path, false);
  for (const auto& path : request.env_files) read(path, true);
}

void ReadChecks(ConfigSource& source, const toml::table& root, LoadedConfig& loaded) {
  TableReader top(source, root, "the config", {});
  top.Require("checks",
              "[checks.api]\ntype = \"http\"\nurl = \"https://staging.example.com/health\"");
  const toml::table* table = top.Table("checks");
  if (!table) return;
  if (table->empty())
    top.Error("checks", "[checks] is empty: there is nothing to pre-flight",
              "add a check, e.g. [checks.api] with type = \"http\" and url = \"...\"");
  auto& checks = loaded.config.checks;
  for (auto&& [name, node] : *table) {
    auto check =
        ParseCheck(source, std::string(name.str()), node, loaded.config.retry, loaded.redactor);
    if (check) checks.push_back(std::move(*check));
  }
  // toml++ iterates keys sorted; users expect the order they wrote.
  std::stable_sort(checks.begin(), checks.end(),
                   [](const Check& a, const Check& b) { return a.where.line < b.where.line; });
  const fs::path base = fs::path(source.path).parent_path();
  for (auto& check : checks)
    if (auto* http = std::get_if<HttpCheck>(&check.spec))
      http->ca_file = Resolve(base, http->ca_file);
  // With a check missing, `after` names may dangle only because of the earlier error.
  if (checks.size() == table->size()) OrderChecks(source, checks);
}

}  // namespace

std::expected<LoadedConfig, Diagnostics> LoadConfig(const ConfigRequest& request) {
  auto text = ReadTextFile(request.path);
  if (!text) {
    return std::unexpected(Diagnostics{
        {{request.path, 0, 0},
         text.error(),
         "pass --config FILE, or write a starter preflight.toml with `preflight config init`",
         ""}});
  }
  ConfigSource source{.path = request.path, .text = std::move(*text)};
  toml::table root;
  try {
    root = toml::parse(source.text, std::string_view{request.path});
  } catch (const toml::parse_error& error) {
    source.Error(error.source(), fmt::format("invalid TOML: {}", error.description()),
                 "see https://toml.io for the syntax");
    return std::unexpected(std::move(source.diagnostics));
  }

  LoadedConfig loaded{.environment = Environment(request.process_environment)};
  Config& config = loaded.config;
  config.path = request.path;
  const fs::path base = fs::path(request.path).parent_path();

  // [bypass] first: its env_files feed ${VAR} everywhere else. Its own values see only the
  // real environment.
  source.expand = MakeExpander(request.process_environment
                                   ? request.process_environment
                                   : VariableLookup([](std::string_view) { return std::nullopt; }),
                               loaded.redactor);
  ReadBypass(source, root, base, config.bypass);
  ReadEnvFiles(request, loaded, source.diagnostics);
  loaded.environment.RegisterSecrets(loaded.redactor);
  source.expand = MakeExpander(loaded.environment.AsLookup(), loaded.redactor);

  TableReader top(source, root, "the config",
                  {"retry", "bypass", "run", "admission", "checks", "deadline"});
  top.RejectUnknownKeys();
  ReadRetry(source, root, config.retry);
  ReadAdmission(source, root, loaded.redactor, config.admission);
  ReadRun(source, root, config.run_only_when);
  ReadChecks(source, root, loaded);
  if (auto deadline = top.DurationValue("deadline")) {
    config.deadline = *deadline;
    config.deadline_derived = false;
  } else {
    config.deadline = DeriveDeadline(config.checks);
  }

  if (!source.diagnostics.empty()) {
    // A variable a bad .env line meant to set is reported once, as that line: "not set" would be
    // a mere consequence.
    std::vector<std::string> badly_set;
    for (const auto& diagnostic : source.diagnostics) {
      std::string_view line = diagnostic.source_line;
      if (diagnostic.where.file == config.path || line.empty()) continue;
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (line.starts_with("export ")) line.remove_prefix(7);
      size_t end = 0;
      while (end < line.size() &&
             (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_'))
        ++end;
      if (end > 0) badly_set.emplace_back(line.substr(0, end));
    }
    // An env file that could not be read at all, or whose rest an unterminated quote swallowed,
    // may have set any variable.
    const bool unreadable_env_file =
        std::any_of(source.diagnostics.begin(), source.diagnostics.end(), [&](const Diagnostic& d) {
          return d.where.file != config.path &&
                 (d.where.line == 0 || d.message.starts_with("unterminated "));
        });
    std::erase_if(source.diagnostics, [&](const Diagnostic& diagnostic) {
      if (!diagnostic.message.starts_with("variable ") ||
          diagnostic.message.find(" is not set") == std::string::npos)
        return false;
      if (unreadable_env_file) return true;
      for (const auto& name : badly_set)
        if (diagnostic.message.starts_with(fmt::format("variable {} is not set", name)))
          return true;
      return false;
    });
    // An unset variable is often meant to come from a bypass env file that is not there.
    if (!loaded.missing_env_files.empty()) {
      std::string missing = fmt::format("{} ([bypass] env_files) is not present",
                                        fmt::join(loaded.missing_env_files, ", "));
      for (const std::string& file : loaded.missing_env_files)
        if (std::error_code error; std::filesystem::exists(file + ".example", error))
          missing += fmt::format("; copy {0}.example to {0} and fill it in", file);
      for (auto& diagnostic : source.diagnostics)
        if (diagnostic.message.starts_with("variable ") &&
            diagnostic.message.find(" is not set") != std::string::npos)
          diagnostic.hint += (diagnostic.hint.empty() ? "" : "\n  ") + missing;
    }
    // toml++ iterates keys sorted; report in the order a reader meets the problems.
    std::stable_sort(source.diagnostics.begin(), source.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::tie(a.where.file, a.where.line, a.where.column) <
                              std::tie(b.where.file, b.where.line, b.where.column);
                     });
    return std::unexpected(std::move(source.diagnostics));
  }
  return loaded;
}

}  // namespace preflight
