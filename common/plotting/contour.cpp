#include "common/plotting/contour.hpp"

#include <array>

namespace landscape {

std::vector<double> contour_segments(const GridSamples& g, double level) {
  std::vector<double> out;
  if (g.nx < 2 || g.ny < 2) return out;
  for (std::size_t j = 0; j + 1 < g.ny; ++j)
    for (std::size_t i = 0; i + 1 < g.nx; ++i) {
      // Corners counter-clockwise from the lower left, and the edges between them.
      const std::array<double, 4> v = {g.at(i, j), g.at(i + 1, j), g.at(i + 1, j + 1),
                                       g.at(i, j + 1)};
      const std::array<double, 4> cx = {g.x(i), g.x(i + 1), g.x(i + 1), g.x(i)};
      const std::array<double, 4> cy = {g.y(j), g.y(j), g.y(j + 1), g.y(j + 1)};
      int mask = 0;
      for (int k = 0; k < 4; ++k) mask |= (v[k] > level ? 1 : 0) << k;
      if (mask == 0 || mask == 15) continue;
      // The crossing points on the edges k -> k+1 whose ends are on opposite sides.
      std::array<double, 8> p{};
      std::array<int, 4> edges{};
      int n = 0;
      for (int k = 0; k < 4; ++k) {
        const int l = (k + 1) % 4;
        if (((mask >> k) & 1) == ((mask >> l) & 1)) continue;
        const double t = (level - v[k]) / (v[l] - v[k]);
        p[2 * n] = cx[k] + t * (cx[l] - cx[k]);
        p[2 * n + 1] = cy[k] + t * (cy[l] - cy[k]);
        edges[n++] = k;
      }
      if (n == 2) {
        out.insert(out.end(), {p[0], p[1], p[2], p[3]});
      } else if (n == 4) {
        // A saddle: the centre decides which corners the line separates. Crossings are in edge
        // order 0, 1, 2, 3; pair them so that the lines go round the corners on the centre's
        // other side.
        const bool centre_above = 0.25 * (v[0] + v[1] + v[2] + v[3]) > level;
        const bool corner0_above = (mask & 1) != 0;
        if (centre_above == corner0_above) {  // corners 1 and 3 are cut off
          out.insert(out.end(), {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]});
        } else {  // corners 0 and 2 are cut off
          out.insert(out.end(), {p[6], p[7], p[0], p[1], p[2], p[3], p[4], p[5]});
        }
      }
    }
  return out;
}

}  // namespace landscape
