// Marching squares: the contour of a cone is a closed polygon near the circle of its level, every
// segment end lies on the level (linear data), and a saddle cell gives two separate segments.

#include "common/plotting/contour.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace landscape {
namespace {

GridSamples sample(std::size_t n, double lo, double hi, double (*f)(double, double)) {
  GridSamples g;
  g.nx = g.ny = n;
  g.x0 = g.y0 = lo;
  g.x1 = g.y1 = hi;
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < n; ++i) g.values.push_back(f(g.x(i), g.y(j)));
  return g;
}

TEST(ContourTest, ACircleOfAConeAndLinearInterpolationOnTheEdges) {
  const GridSamples cone =
      sample(81, -2.0, 2.0, [](double x, double y) { return std::sqrt(x * x + y * y); });
  const std::vector<double> seg = contour_segments(cone, 1.0);
  ASSERT_FALSE(seg.empty());
  ASSERT_EQ(seg.size() % 4, 0u);
  double length = 0.0;
  for (std::size_t s = 0; s < seg.size(); s += 4) {
    for (std::size_t k = 0; k < 4; k += 2)
      EXPECT_NEAR(std::hypot(seg[s + k], seg[s + k + 1]), 1.0, 0.01);
    length += std::hypot(seg[s + 2] - seg[s], seg[s + 3] - seg[s + 1]);
  }
  EXPECT_NEAR(length, 2.0 * M_PI, 0.02);
  // A plane: every crossing is exact.
  const GridSamples plane = sample(5, 0.0, 1.0, [](double x, double y) { return x + 2.0 * y; });
  const std::vector<double> line = contour_segments(plane, 1.3);
  ASSERT_FALSE(line.empty());
  for (std::size_t s = 0; s < line.size(); s += 2)
    EXPECT_NEAR(line[s] + 2.0 * line[s + 1], 1.3, 1e-12);
  EXPECT_TRUE(contour_segments(plane, 10.0).empty());
}

TEST(ContourTest, ASaddleCellIsResolvedByItsCentre) {
  GridSamples g;
  g.nx = g.ny = 2;
  g.values = {1.0, -1.0, 1.0, -1.0};  // corners (0,0)=1, (1,0)=-1, (0,1)=1, (1,1)=-1: not a saddle
  EXPECT_EQ(contour_segments(g, 0.0).size(), 4u);
  g.values = {1.0, -1.0, -1.0, 1.0};  // (0,0) and (1,1) above: a saddle, centre exactly at 0
  const std::vector<double> seg = contour_segments(g, 0.0);
  ASSERT_EQ(seg.size(), 8u);
  // The centre (the mean of the corners, 0) is not above the level, so the lines cut off the two
  // corners above it, (0,0) and (1,1): crossings at the edges' midpoints.
  EXPECT_EQ(seg, (std::vector<double>{0.0, 0.5, 0.5, 0.0, 1.0, 0.5, 0.5, 1.0}));
}

}  // namespace
}  // namespace landscape
