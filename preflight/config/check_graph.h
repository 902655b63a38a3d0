// The `after` relation between checks: dangling names, cycles, dependency order and the
// worst-case duration of the whole pre-flight.
#pragma once

#include "preflight/config/config.h"
#include "preflight/util/table_reader.h"

namespace preflight {

// Reorders `checks` so that every check comes after those it names in `after` (keeping file
// order otherwise). Dangling names and cycles are reported in `source`.
void OrderChecks(ConfigSource& source, std::vector<Check>& checks);

// Worst case of one check: every attempt spends its whole budget and waits the whole delay.
Duration WorstCase(const Check& check);

// Longest chain of worst cases through the `after` graph, plus kDeadlineMargin.
Duration DeriveDeadline(const std::vector<Check>& ordered_checks);

}  // namespace preflight
