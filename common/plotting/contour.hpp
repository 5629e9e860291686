#pragma once
// Contour lines of a function sampled on a regular grid (marching squares), for pictures of 2-D
// surfaces such as Mueller-Brown.

#include <cstddef>
#include <vector>

namespace landscape {

/// Values f(x_i, y_j) on an nx x ny grid over [x0, x1] x [y0, y1]: values[j * nx + i], x_i = x0 +
/// i (x1 - x0)/(nx - 1), y_j likewise.
struct GridSamples {
  std::size_t nx = 0, ny = 0;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  std::vector<double> values;
  double x(std::size_t i) const { return x0 + (x1 - x0) * static_cast<double>(i) / (nx - 1); }
  double y(std::size_t j) const { return y0 + (y1 - y0) * static_cast<double>(j) / (ny - 1); }
  double at(std::size_t i, std::size_t j) const { return values[j * nx + i]; }
};

/// The contour line f = level as segments x1 y1 x2 y2 (four numbers each), by marching squares
/// with linear interpolation along the cell edges; a saddle cell is resolved by its centre value
/// (the mean of its corners).
std::vector<double> contour_segments(const GridSamples& grid, double level);

}  // namespace landscape
