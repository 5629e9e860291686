#include "pathsample/cv_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace landscape::pathsample {
namespace {

constexpr double kWidth = 640.0, kHeight = 440.0;
constexpr double kLeft = 70.0, kRight = 20.0, kBottom = 50.0, kTop = 40.0;
constexpr Colour kCurve{0.0, 0.3, 0.75};
constexpr Colour kMark{0.8, 0.1, 0.1};

}  // namespace

Figure plot_heat_capacity(const std::vector<HeatCapacityPoint>& cv,
                          const std::vector<PlotMark>& marks, const std::string& title) {
  Figure fig(kWidth, kHeight);
  if (cv.empty()) return fig;
  double t_lo = cv.front().temperature, t_hi = cv.back().temperature;
  if (t_hi <= t_lo) t_hi = t_lo + 1.0;
  double c_lo = cv.front().cv, c_hi = c_lo;
  for (const auto& p : cv) {
    c_lo = std::min(c_lo, p.cv);
    c_hi = std::max(c_hi, p.cv);
  }
  const double pad = c_hi > c_lo ? 0.05 * (c_hi - c_lo) : std::max(1.0, 0.05 * std::fabs(c_hi));
  c_lo -= pad;
  c_hi += pad;
  const double x0 = kLeft, x1 = kWidth - kRight, y0 = kBottom, y1 = kHeight - kTop;
  // The labels of the marks get a band of their own at the top, which the curve never enters.
  const double label_rows = static_cast<double>(std::min<std::size_t>(marks.size(), 3));
  const double curve_top = y1 - (label_rows > 0 ? 11.0 * label_rows + 6.0 : 0.0);
  auto px = [&](double t) { return x0 + (t - t_lo) / (t_hi - t_lo) * (x1 - x0); };
  auto py = [&](double c) { return y0 + (c - c_lo) / (c_hi - c_lo) * (curve_top - y0); };

  // Frame, ticks and labels.
  fig.polyline({x0, y0, x1, y0, x1, y1, x0, y1, x0, y0}, kBlack, 0.8);
  const auto tt = nice_ticks(t_lo, t_hi);
  const double t_step = tt.size() > 1 ? tt[1] - tt[0] : 1.0;
  for (double t : tt) {
    fig.line(px(t), y0, px(t), y0 + 4.0, kBlack, 0.8);
    fig.text(px(t), y0 - 14.0, tick_label(t, t_step), 10.0, kBlack, TextAlign::kCentre);
  }
  const auto ct = nice_ticks(c_lo, c_hi);
  const double c_step = ct.size() > 1 ? ct[1] - ct[0] : 1.0;
  for (double c : ct) {
    if (py(c) > curve_top + 1e-9) continue;
    fig.line(x0, py(c), x0 + 4.0, py(c), kBlack, 0.8);
    fig.text(x0 - 5.0, py(c) - 3.5, tick_label(c, c_step), 10.0, kBlack, TextAlign::kRight);
  }
  fig.text(0.5 * (x0 + x1), 12.0, "temperature T (energy units, Boltzmann constant k = 1)", 11.0,
           kBlack, TextAlign::kCentre);
  fig.text(18.0, 0.5 * (y0 + y1), "heat capacity C\u1D65 / k", 11.0, kBlack, TextAlign::kCentre,
           90.0);
  fig.text(0.5 * (x0 + x1), kHeight - 24.0, title, 11.0, kBlack, TextAlign::kCentre);

  // Marks under the curve.
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const double x = px(marks[i].temperature);
    if (x < x0 || x > x1) continue;
    fig.polyline({x, y0, x, y1}, kMark, 0.6, true);
    fig.text(x + 3.0, y1 - 12.0 - 11.0 * static_cast<double>(i % 3), marks[i].label, 9.0, kMark);
  }
  std::vector<double> xy;
  xy.reserve(2 * cv.size());
  for (const auto& p : cv) {
    xy.push_back(px(p.temperature));
    xy.push_back(py(p.cv));
  }
  if (cv.size() == 1) fig.disc(xy[0], xy[1], 2.0, kCurve);
  fig.polyline(xy, kCurve, 1.2);
  // Tooltips on at most ~400 pieces of the curve, so that the SVG stays small.
  const std::size_t stride = std::max<std::size_t>(1, cv.size() / 400);
  for (std::size_t i = 0; i + stride < cv.size(); i += stride)
    fig.tooltip(xy[2 * i], xy[2 * i + 1], xy[2 * (i + stride)], xy[2 * (i + stride) + 1],
                fmt::format("T = {:.6g}, C_V = {:.6g}", cv[i].temperature, cv[i].cv));
  return fig;
}

}  // namespace landscape::pathsample
