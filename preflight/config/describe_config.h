// A human-readable listing of a resolved config, secrets redacted: `preflight config validate`.
#pragma once

#include <string>

#include "preflight/config/config_loader.h"

namespace preflight {

std::string DescribeConfig(const LoadedConfig& loaded);

}  // namespace preflight
