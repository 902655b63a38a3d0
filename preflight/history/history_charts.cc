// SVG charts and HTML tables of the history page.
#include "preflight/history/history_charts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "preflight/util/duration.h"
#include "preflight/util/timestamp.h"
#include "preflight/util/xml.h"

namespace preflight {

const char* PaletteColour(size_t i) {
  static constexpr const char* kPalette[] = {"#ef6c00", "#1565c0", "#00838f", "#ad1457",
                                             "#558b2f", "#4e342e", "#283593", "#f9a825"};
  return kPalette[i % std::size(kPalette)];
}

TimeAxis::TimeAxis(const std::vector<const RecordedRun*>& runs) {
  const int baseline = kChartHeight + 16;
  std::vector<double> seconds;
  for (const auto* run : runs) {
    auto at = ParseDateOrInstant(run->context.at);
    seconds.push_back(at ? std::chrono::duration<double>(at->time_since_epoch()).count() : 0);
  }
  if (runs.empty()) return;
  const double first = *std::ranges::min_element(seconds);
  const double span = std::max(*std::ranges::max_element(seconds) - first, 1.0);
  slot = std::clamp(kChartWidth / (runs.size() * 1.25), 1.0, 24.0);
  for (double s : seconds) x.push_back((s - first) / span * (kChartWidth - slot));
  constexpr int kTicks = 5;
  for (int i = 0; i <= kTicks; ++i) {
    const double at = first + span * i / kTicks;
    const auto time = std::chrono::sys_seconds(std::chrono::seconds(static_cast<int64_t>(at)));
    const std::string label =
        span > 3 * 86400 ? fmt::format("{:%b %d}", time) : fmt::format("{:%b %d %H:%M}", time);
    labels += fmt::format("<text x=\"{:.0f}\" y=\"{}\" class=\"axis\" text-anchor=\"{}\">{}</text>",
                          i * (kChartWidth - slot) / kTicks + (i == kTicks ? slot : 0), baseline,
                          i == 0        ? "start"
                          : i == kTicks ? "end"
                                        : "middle",
                          XmlEscape(label));
  }
  labels += "\n";
}

std::string StackedBars(const std::vector<const RecordedRun*>& runs, const TimeAxis& axis,
                        const std::string& id,
                        const std::function<std::vector<BarPart>(const RecordedRun&)>& parts) {
  const int width = kChartWidth, height = kChartHeight;
  double top = 1;
  for (const auto* run : runs) {
    double sum = 0;
    for (const auto& part : parts(*run)) sum += part.value;
    top = std::max(top, sum);
  }
  std::string svg = fmt::format(
      "<svg id=\"{}\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\">\n", id,
      width, height + 20);
  for (size_t i = 0; i < runs.size(); ++i) {
    const RecordedRun& run = *runs[i];
    svg += fmt::format("<g class=\"run\" data-run=\"{}\"><title>{}", XmlEscape(run.key),
                       XmlEscape(run.context.at));
    const std::vector<BarPart> bar = parts(run);
    for (const auto& part : bar)
      if (part.value > 0) svg += fmt::format(", {} {}", part.value, XmlEscape(part.label));
    svg += "</title>";
    double y = height;
    for (const auto& part : bar) {
      if (part.value <= 0) continue;
      const double h = part.value / top * (height - 10);
      y -= h;
      svg += fmt::format(
          "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>",
          axis.x[i], y, std::max(axis.slot * 0.8, 0.5), h, part.colour);
    }
    svg += "</g>\n";
  }
  return svg + axis.labels + "</svg>\n";
}

std::string WaitChart(const std::vector<const RecordedRun*>& runs, const TimeAxis& axis,
                      const std::vector<std::string>& check_names) {
  const int width = kChartWidth, height = kChartHeight;
  double top = 1;
  for (const auto* run : runs)
    for (const auto& check : run->checks) top = std::max(top, check.duration_ms);
  std::string svg = fmt::format(
      "<svg id=\"waits\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\">\n",
      width, height + 20);
  for (size_t c = 0; c < check_names.size(); ++c) {
    const char* colour = PaletteColour(c);
    std::string points;
    std::string marks;
    for (size_t i = 0; i < runs.size(); ++i)
      for (const auto& check : runs[i]->checks) {
        if (check.name != check_names[c]) continue;
        const double x = axis.x[i] + axis.slot / 2,
                     y = height - check.duration_ms / top * (height - 10);
        points += fmt::format("{:.1f},{:.1f} ", x, y);
        marks += fmt::format(
            "<circle class=\"wait\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"{}\"><title>{} {}: "
            "{:.0f} ms, {} attempt{}, {}</title></circle>",
            x, y, colour, XmlEscape(runs[i]->context.at), XmlEscape(check.name), check.duration_ms,
            check.attempts, check.attempts == 1 ? "" : "s", XmlEscape(check.status));
      }
    svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1\" points=\"{}\"/>",
                       colour, points) +
           marks + "\n";
  }
  svg += fmt::format("<text x=\"0\" y=\"12\" class=\"axis\">{}</text>",
                     FormatElapsed(std::chrono::duration_cast<Duration>(
                         std::chrono::duration<double, std::milli>(top))));
  return svg + axis.labels + "</svg>\n";
}

std::string Legend(std::initializer_list<std::pair<const char*, std::string>> items) {
  std::string out = "<p class=\"legend\">";
  for (const auto& [colour, label] : items)
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", colour, XmlEscape(label));
  return out + "</p>\n";
}

std::string PaletteLegend(const std::vector<std::string>& labels) {
  std::string out = "<p class=\"legend\">";
  for (size_t i = 0; i < labels.size(); ++i)
    out += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", PaletteColour(i),
                       XmlEscape(labels[i]));
  return out + "</p>\n";
}

std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& empty) {
  if (rows.empty()) return fmt::format("<p class=\"empty\">{}</p>\n", XmlEscape(empty));
  std::string out = "<table><tr>";
  for (const auto& h : header) out += "<th>" + XmlEscape(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + XmlEscape(cell) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace preflight
