// The history page's charts and tables, as SVG and HTML written here (no script, no network):
// runs placed on a time axis labelled with dates, stacked bars per run, the pre-flight's wait per
// check, tables.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "preflight/history/recorded_run.h"

namespace preflight {

// The colours of the split, as in every report: passed, infra, config, code, skipped, not run.
inline constexpr const char* kPassedColour = "#2e7d32";
inline constexpr const char* kInfraColour = "#ef6c00";
inline constexpr const char* kConfigColour = "#6a1b9a";
inline constexpr const char* kCodeColour = "#c62828";
inline constexpr const char* kSkippedColour = "#9e9e9e";
inline constexpr const char* kNotRunColour = "#455a64";
// The i-th of a series of categories or checks.
const char* PaletteColour(size_t i);

inline constexpr int kChartWidth = 960;
inline constexpr int kChartHeight = 160;

// Where each run is on a chart's time axis (x from 0 to kChartWidth, oldest left), and the
// axis's labels: dates a person reads ("Dec 06", or "Dec 06 14:00" within a few days).
struct TimeAxis {
  explicit TimeAxis(const std::vector<const RecordedRun*>& runs);
  std::vector<double> x;  // per run
  double slot = 0;        // a bar's width
  std::string labels;     // SVG text elements below a chart of kChartHeight
};

// Stacked bars, one group per run at its place on `axis`: `parts(run)` gives its parts.
struct BarPart {
  int value;
  const char* colour;
  std::string label;
};
std::string StackedBars(const std::vector<const RecordedRun*>& runs, const TimeAxis& axis,
                        const std::string& id,
                        const std::function<std::vector<BarPart>(const RecordedRun&)>& parts);

// The pre-flight's wait per check, one line per check, a point per run.
std::string WaitChart(const std::vector<const RecordedRun*>& runs, const TimeAxis& axis,
                      const std::vector<std::string>& check_names);

// A legend of (colour, label); PaletteLegend: the palette's colours in order.
std::string Legend(std::initializer_list<std::pair<const char*, std::string>> items);
std::string PaletteLegend(const std::vector<std::string>& labels);

// A table, or `empty` as a sentence when there are no rows.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& empty);

}  // namespace preflight
