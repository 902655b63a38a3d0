// Reads one `[checks.NAME]` table into a Check: the keys of each type and their validation.
#pragma once

#include <optional>

#include "preflight/config/config.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

// Returns nullopt when the table is too broken to describe a check (errors are in `source`).
// Secrets found on the way (DSN passwords, credential headers) are registered with `redactor`.
std::optional<Check> ParseCheck(ConfigSource& source, const std::string& name,
                                const toml::node& node, const RetryPolicy& retry,
                                Redactor& redactor);

}  // namespace preflight
