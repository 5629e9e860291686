#include "common/plotting/scatter_panels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/plotting/axes.hpp"

namespace landscape {
namespace {

constexpr double kLeft = 48.0, kRight = 10.0, kBottom = 36.0, kTop = 30.0;
constexpr double kTitleHeight = 30.0;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  void finish(std::optional<double> fixed_lo, std::optional<double> fixed_hi) {
    if (lo > hi) lo = 0.0, hi = 1.0;
    const double pad = hi > lo ? 0.04 * (hi - lo) : 0.5;
    lo = fixed_lo.value_or(lo - pad);
    hi = fixed_hi.value_or(hi + pad);
    if (hi <= lo) hi = lo + 1.0;
  }
};

void draw_panel(Figure& fig, const ScatterPanel& p, double x0, double y0, double w, double h) {
  Range xr, yr;
  for (const auto& s : p.series) {
    for (double v : s.x) xr.add(v);
    for (double v : s.y) yr.add(v);
  }
  xr.finish(p.x_lo, p.x_hi);
  yr.finish(p.y_lo, p.y_hi);
  const PlotArea area{x0 + kLeft, x0 + w - kRight, y0 + kBottom, y0 + h - kTop,
                      xr.lo,      xr.hi,           yr.lo,        yr.hi};
  const double left = area.left, right = area.right, bottom = area.bottom, top = area.top;
  auto px = [&](double v) { return area.px(v); };
  auto py = [&](double v) { return area.py(v); };
  draw_axes(fig, area, p.x_label, p.y_label, 8.0, 5);
  fig.text(0.5 * (left + right), top + 8.0, p.title, 9.5, kBlack, TextAlign::kCentre);
  for (const auto& s : p.series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      const double x = px(s.x[i]), y = py(s.y[i]);
      if (x >= left && x <= right && y >= bottom && y <= top) fig.disc(x, y, s.radius, s.colour);
    }
  double ly = top - 10.0;
  // The note and the legend on a white band each, so that the points under them do not hide them.
  auto clear_band = [&](double y, std::size_t chars, double indent) {
    const double band = indent + 0.5 * 8.0 * static_cast<double>(chars) + 4.0;
    fig.line(left + 1.0, y + 2.5, std::min(right - 1.0, left + 1.0 + band), y + 2.5,
             Colour{1, 1, 1}, 10.0);
  };
  if (!p.note.empty()) clear_band(ly, p.note.size(), 4.0);
  for (std::size_t k = 0, row = p.note.empty() ? 0 : 1; k < p.series.size(); ++k)
    if (!p.series[k].label.empty())
      clear_band(ly - 10.0 * static_cast<double>(row++), p.series[k].label.size(), 13.0);
  if (!p.note.empty()) {
    fig.text(left + 4.0, ly, p.note, 8.0);
    ly -= 10.0;
  }
  for (const auto& s : p.series) {
    if (s.label.empty()) continue;
    fig.disc(left + 7.0, ly + 3.0, 2.5, s.colour);
    fig.text(left + 13.0, ly, s.label, 8.0);
    ly -= 10.0;
  }
}

}  // namespace

Colour series_colour(std::size_t k) {
  static constexpr Colour kPalette[] = {{0.12, 0.47, 0.71}, {1.00, 0.50, 0.05}, {0.17, 0.63, 0.17},
                                        {0.84, 0.15, 0.16}, {0.58, 0.40, 0.74}, {0.55, 0.34, 0.29},
                                        {0.89, 0.47, 0.76}, {0.50, 0.50, 0.50}, {0.74, 0.74, 0.13},
                                        {0.09, 0.75, 0.81}};
  return kPalette[k % std::size(kPalette)];
}

Figure scatter_panels(const std::vector<ScatterPanel>& panels, std::size_t columns,
                      const std::string& title, double panel_width, double panel_height) {
  columns = std::max<std::size_t>(1, std::min(columns, std::max<std::size_t>(1, panels.size())));
  const std::size_t rows = (panels.size() + columns - 1) / columns;
  const double width = panel_width * static_cast<double>(columns);
  const double height =
      panel_height * static_cast<double>(std::max<std::size_t>(rows, 1)) + kTitleHeight;
  Figure fig(width, height);
  fig.text(0.5 * width, height - 20.0, title, 11.0, kBlack, TextAlign::kCentre);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const double x0 = panel_width * static_cast<double>(i % columns);
    const double y0 = height - kTitleHeight - panel_height * static_cast<double>(i / columns + 1);
    draw_panel(fig, panels[i], x0, y0, panel_width, panel_height);
  }
  return fig;
}

}  // namespace landscape
