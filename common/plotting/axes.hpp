#pragma once
// A rectangular plot frame with ticks, tick labels and axis titles, shared by the scatter panels
// and the surface picture.

#include <string>

#include "common/plotting/figure.hpp"

namespace landscape {

/// A plot area: its box on the page (points) and the data ranges it shows.
struct PlotArea {
  double left = 0, right = 1, bottom = 0, top = 1;  ///< page coordinates
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;    ///< data ranges
  double px(double x) const { return left + (x - x_lo) / (x_hi - x_lo) * (right - left); }
  double py(double y) const { return bottom + (y - y_lo) / (y_hi - y_lo) * (top - bottom); }
};

/// The frame of area, about `ticks` nice ticks on each axis with their labels (font points), and
/// the axis titles below and left of the tick labels.
void draw_axes(Figure& fig, const PlotArea& area, const std::string& x_title,
               const std::string& y_title, double font = 10.0, int ticks = 6);

}  // namespace landscape
