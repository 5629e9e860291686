#include "optim/surface_picture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "common/plotting/axes.hpp"
#include "common/plotting/contour.hpp"

namespace landscape::optim {
namespace {

constexpr double kWidth = 560.0, kHeight = 480.0;
constexpr double kLeft = 60.0, kRight = 20.0, kBottom = 50.0, kTop = 40.0;
constexpr std::size_t kGrid = 160;
constexpr Colour kContour{0.55, 0.55, 0.6};
constexpr Colour kPath{0.0, 0.3, 0.75};

void add_frames(const PathSide& side, std::vector<double>& xy) {
  for (const auto& f : side.frames) {
    xy.push_back(f[0]);
    xy.push_back(f[1]);
  }
}

}  // namespace

Figure surface_paths_figure(const Potential& potential, const std::vector<Pathway>& paths,
                            const std::string& title, int n_levels) {
  if (potential.n_dof() != 2 || paths.empty())
    throw std::invalid_argument("surface_paths_figure: needs a surface of 2 variables and a path");
  // The box of every frame of every path, with a margin of a quarter of its size.
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  double e_lo = x_lo, e_top = -x_lo;
  for (const auto& p : paths)
    for (const PathSide* side : {&p.plus, &p.minus}) {
      for (const auto& f : side->frames) {
        x_lo = std::min(x_lo, f[0]), x_hi = std::max(x_hi, f[0]);
        y_lo = std::min(y_lo, f[1]), y_hi = std::max(y_hi, f[1]);
      }
      e_lo = std::min(e_lo, side->energy());
      e_top = std::max(e_top, p.ts_energy);
    }
  const double mx = 0.25 * std::max(x_hi - x_lo, 0.1), my = 0.25 * std::max(y_hi - y_lo, 0.1);
  x_lo -= mx, x_hi += mx, y_lo -= my, y_hi += my;
  GridSamples grid;
  grid.nx = grid.ny = kGrid;
  grid.x0 = x_lo, grid.x1 = x_hi, grid.y0 = y_lo, grid.y1 = y_hi;
  grid.values.resize(kGrid * kGrid);
  std::vector<double> point(2);
  for (std::size_t j = 0; j < kGrid; ++j)
    for (std::size_t i = 0; i < kGrid; ++i) {
      point[0] = grid.x(i), point[1] = grid.y(j);
      grid.values[j * kGrid + i] = potential.energy(point);
    }

  Figure fig(kWidth, kHeight);
  const PlotArea area{kLeft, kWidth - kRight, kBottom, kHeight - kTop, x_lo, x_hi, y_lo, y_hi};
  const double px0 = area.left, px1 = area.right, py1 = area.top;
  auto px = [&](double x) { return area.px(x); };
  auto py = [&](double y) { return area.py(y); };
  // Levels from just above the lowest minimum to above the highest transition state.
  const double span = std::max(e_top - e_lo, 1e-6);
  for (int k = 0; k < n_levels; ++k) {
    const double level = e_lo + span * (0.02 + 1.3 * k / std::max(n_levels - 1, 1));
    const std::vector<double> seg = contour_segments(grid, level);
    for (std::size_t s = 0; s + 3 < seg.size(); s += 4)
      fig.line(px(seg[s]), py(seg[s + 1]), px(seg[s + 2]), py(seg[s + 3]), kContour, 0.6);
  }
  draw_axes(fig, area, "x", "y");
  fig.text(0.5 * (px0 + px1), kHeight - 24.0, title, 11.0, kBlack, TextAlign::kCentre);
  for (const auto& p : paths) {
    std::vector<double> minus, plus, xy;
    add_frames(p.minus, minus);
    add_frames(p.plus, plus);
    // minus side from its minimum up to the transition state, then down the plus side.
    for (std::size_t k = minus.size(); k >= 2; k -= 2) {
      xy.push_back(px(minus[k - 2]));
      xy.push_back(py(minus[k - 1]));
    }
    for (std::size_t k = 0; k + 1 < plus.size(); k += 2) {
      xy.push_back(px(plus[k]));
      xy.push_back(py(plus[k + 1]));
    }
    fig.polyline(xy, kPath, 1.6);
  }
  for (const auto& p : paths) {
    for (const PathSide* side : {&p.plus, &p.minus})
      fig.disc(px(side->minimum()[0]), py(side->minimum()[1]), 3.5, kBlack);
    const auto& ts = p.plus.frames.front();
    fig.disc(px(ts[0]), py(ts[1]), 3.5, kRed);
  }
  fig.text(px1 - 6.0, py1 - 14.0, "minima: black; transition states: red", 9.0, kBlack,
           TextAlign::kRight);
  return fig;
}

}  // namespace landscape::optim
