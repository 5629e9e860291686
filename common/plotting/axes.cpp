#include "common/plotting/axes.hpp"

namespace landscape {

void draw_axes(Figure& fig, const PlotArea& a, const std::string& x_title,
               const std::string& y_title, double font, int ticks) {
  fig.polyline(
      {a.left, a.bottom, a.right, a.bottom, a.right, a.top, a.left, a.top, a.left, a.bottom},
      kBlack, 0.7);
  const double tick = 0.4 * font;
  const auto xt = nice_ticks(a.x_lo, a.x_hi, ticks);
  const double xs = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
  for (double t : xt) {
    const double x = a.px(t);
    if (x < a.left - 1e-9 || x > a.right + 1e-9) continue;
    fig.line(x, a.bottom, x, a.bottom + tick, kBlack, 0.7);
    fig.text(x, a.bottom - 1.4 * font, tick_label(t, xs), font, kBlack, TextAlign::kCentre);
  }
  const auto yt = nice_ticks(a.y_lo, a.y_hi, ticks);
  const double ys = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  for (double t : yt) {
    const double y = a.py(t);
    if (y < a.bottom - 1e-9 || y > a.top + 1e-9) continue;
    fig.line(a.left, y, a.left + tick, y, kBlack, 0.7);
    fig.text(a.left - 0.5 * font, y - 0.35 * font, tick_label(t, ys), font, kBlack,
             TextAlign::kRight);
  }
  fig.text(0.5 * (a.left + a.right), a.bottom - 3.0 * font, x_title, font + 1.0, kBlack,
           TextAlign::kCentre);
  fig.text(a.left - 4.6 * font, 0.5 * (a.bottom + a.top), y_title, font + 1.0, kBlack,
           TextAlign::kCentre, 90.0);
}

}  // namespace landscape
