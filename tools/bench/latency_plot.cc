// Latency CDFs as a small, self-contained SVG: no plotting dependency, so
// `herdex bench --plot` works wherever herdex does.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "herdex/tools/bench.h"

namespace herdex {
namespace {

// Tableau 10: distinguishable, and readable by most colour-blind people.
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
constexpr std::size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

// Geometry, in SVG user units (pixels).
constexpr double kPanelWidth = 420;        // in a grid
constexpr double kSinglePanelWidth = 640;  // alone, with room for the title
constexpr double kPanelHeight = 300;
constexpr double kMarginLeft = 52;    // y labels
constexpr double kMarginRight = 40;   // percentile labels
constexpr double kMarginTop = 28;     // panel title
constexpr double kMarginBottom = 40;  // x labels and axis title
constexpr double kLegendRow = 20;
constexpr std::size_t kMaxPoints = 200;  // per line; more adds bytes, not detail

// Dash patterns for the series of one group: solid, dashed, dotted, ...
constexpr const char* kDashes[] = {"", "7 4", "2 3", "10 3 2 3"};
constexpr std::size_t kDashCount = sizeof(kDashes) / sizeof(kDashes[0]);

struct Style {
  const char* colour;
  const char* dash;
};

std::string dash_attribute(const Style& style) {
  return *style.dash == '\0' ? std::string() : fmt::format(" stroke-dasharray=\"{}\"", style.dash);
}

std::string escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string duration_label(double us) {
  if (us >= 1e6) return fmt::format("{:g} s", us / 1e6);
  if (us >= 1e3) return fmt::format("{:g} ms", us / 1e3);
  return fmt::format("{:g} µs", us);
}

struct Axis {
  double lo_log;  // log10 of the left edge
  double hi_log;
  double to_x(double us, double x0, double width) const {
    const double v = std::log10(std::max(us, std::pow(10.0, lo_log)));
    return x0 + (v - lo_log) / (hi_log - lo_log) * width;
  }
};

// The points of a step CDF: (latency, share of samples at most that slow).
std::vector<std::pair<double, double>> cdf_points(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  std::vector<std::pair<double, double>> points;
  const std::size_t n = samples.size();
  if (n == 0) return points;
  if (2 * n <= kMaxPoints) {  // a step per sample: two points each
    double prev = 0;
    for (std::size_t i = 0; i < n; ++i) {
      points.emplace_back(samples[i], prev);
      prev = static_cast<double>(i + 1) / static_cast<double>(n);
      points.emplace_back(samples[i], prev);
    }
    return points;
  }
  for (std::size_t k = 0; k <= kMaxPoints; ++k) {
    const double share = static_cast<double>(k) / static_cast<double>(kMaxPoints);
    const auto i = std::min(n - 1, static_cast<std::size_t>(share * static_cast<double>(n - 1)));
    points.emplace_back(samples[i], static_cast<double>(i + 1) / static_cast<double>(n));
  }
  return points;
}

}  // namespace

std::string latency_cdf_svg(const std::vector<LatencyPanel>& panels, const std::string& title) {
  // A legend entry per series name, in order of first appearance; a colour
  // per group (the name when there is none), and within a group a dash
  // pattern per name.
  std::vector<std::string> names;
  std::map<std::string, Style> style_of;
  std::map<std::string, std::size_t> group_colour;
  std::map<std::string, std::size_t> group_size;
  double lo = HUGE_VAL;
  double hi = 0;
  for (const LatencyPanel& panel : panels) {
    for (const LatencySeries& series : panel.series) {
      if (style_of.count(series.name) == 0) {
        const std::string& group = series.group.empty() ? series.name : series.group;
        const auto colour = group_colour.emplace(group, group_colour.size()).first->second;
        style_of[series.name] = {kPalette[colour % kPaletteSize],
                                 kDashes[group_size[group]++ % kDashCount]};
        names.push_back(series.name);
      }
      for (const double us : series.samples_us) {
        if (!(us > 0) || !std::isfinite(us)) continue;
        lo = std::min(lo, us);
        hi = std::max(hi, us);
      }
    }
  }
  if (hi <= 0) {
    lo = 1;
    hi = 1000;
  }
  // Whole decades, so the ticks are round numbers; every panel shares them.
  Axis axis{std::floor(std::log10(lo)), std::ceil(std::log10(hi))};
  if (axis.hi_log <= axis.lo_log) axis.hi_log = axis.lo_log + 1;

  const std::size_t columns = std::min<std::size_t>(3, std::max<std::size_t>(1, panels.size()));
  const std::size_t rows = (panels.size() + columns - 1) / columns;
  const double panel_width = columns == 1 ? kSinglePanelWidth : kPanelWidth;
  const double width = static_cast<double>(columns) * panel_width;
  // Legend entries flow left to right, wrapping at the image width.
  std::vector<std::pair<double, double>> legend_at;
  double lx = 16;
  double ly = 44;
  for (const std::string& name : names) {
    const double entry = 34 + 7.2 * static_cast<double>(name.size()) + 18;
    if (lx + entry > width && lx > 16) {
      lx = 16;
      ly += kLegendRow;
    }
    legend_at.emplace_back(lx, ly);
    lx += entry;
  }
  const double top = ly + kLegendRow;
  const double height = top + static_cast<double>(std::max<std::size_t>(rows, 1)) * kPanelHeight;

  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {1:.0f}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
      "font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"16\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{2}</text>\n",
      width, height, escape(title));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto [x, y] = legend_at[i];
    const Style& style = style_of[names[i]];
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-width=\"3\"{}/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
        x, y - 4, x + 26, y - 4, style.colour, dash_attribute(style), x + 32, y, escape(names[i]));
  }

  for (std::size_t p = 0; p < panels.size(); ++p) {
    const LatencyPanel& panel = panels[p];
    const std::size_t row = p / columns;
    const std::size_t column = p % columns;
    const double px = static_cast<double>(column) * panel_width;
    const double py = top + static_cast<double>(row) * kPanelHeight;
    const double x0 = px + kMarginLeft;
    const double y0 = py + kMarginTop;
    const double w = panel_width - kMarginLeft - kMarginRight;
    const double h = kPanelHeight - kMarginTop - kMarginBottom;
    auto to_y = [&](double share) { return y0 + h - share * h; };
    svg += fmt::format(
        "<g>\n<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
        "font-weight=\"bold\">{}</text>\n",
        x0 + w / 2, py + 18, escape(panel.title));
    // Grid: 1-2-5 steps per decade, labels on the decades.
    for (double d = axis.lo_log; d <= axis.hi_log + 1e-9; d += 1) {
      for (const double m : {1.0, 2.0, 5.0}) {
        const double us = m * std::pow(10.0, d);
        if (std::log10(us) > axis.hi_log + 1e-9) break;
        const double x = axis.to_x(us, x0, w);
        svg += fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>\n",
            x, y0, y0 + h, m == 1.0 ? "#cccccc" : "#eeeeee");
        if (m == 1.0) {
          svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                             x, y0 + h + 15, duration_label(us));
        }
      }
    }
    for (const double share : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#cccccc\"/>"
          "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5:.0f}%</text>\n",
          x0, to_y(share), x0 + w, x0 - 6, to_y(share) + 4, share * 100);
    }
    for (const auto& [share, label] :
         {std::pair<double, const char*>{0.5, "p50"}, {0.9, "p90"}, {0.99, "p99"}}) {
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#888888\" "
          "stroke-dasharray=\"4 3\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" fill=\"#555555\" "
          "font-size=\"10\">{5}</text>\n",
          x0, to_y(share), x0 + w, x0 + w + 4, to_y(share) + 3, label);
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#555555\">latency (log "
        "scale)</text>\n",
        x0 + w / 2, y0 + h + 32);
    for (const LatencySeries& series : panel.series) {
      const auto points = cdf_points(series.samples_us);
      if (points.empty()) continue;
      std::string path;
      for (const auto& [us, share] : points) {
        path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", axis.to_x(us, x0, w),
                            to_y(share));
      }
      const Style& style = style_of[series.name];
      svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                         path, style.colour, dash_attribute(style));
    }
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
        "stroke=\"#333333\"/>\n</g>\n",
        x0, y0, w, h);
  }
  svg += "</svg>\n";
  return svg;
}

Result<void> write_latency_cdf_svg(const std::string& path, const std::vector<LatencyPanel>& panels,
                                   const std::string& title) {
  const std::string svg = latency_cdf_svg(panels, title);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(svg.data(), static_cast<std::streamsize>(svg.size()));
  if (out) out.close();
  if (!out) {
    Error e{ErrorCode::io_error, "cannot write the plot"};
    e.path = path;
    return e;
  }
  return {};
}

}  // namespace herdex
