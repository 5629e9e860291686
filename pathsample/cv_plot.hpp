#pragma once
// The plot of C_V(T) (Cv.svg, Cv.png), drawn with the suite's one drawing code.

#include <string>
#include <vector>

#include "common/plotting/figure.hpp"
#include "pathsample/heat_capacity.hpp"

namespace landscape::pathsample {

/// A temperature marked on the plot (a decoded peak or CVDECODE temperature) with its label.
struct PlotMark {
  double temperature = 0.0;
  std::string label;
};

/// C_V against T with axes, ticks, a title, and a dashed line with its label at each mark; each
/// grid point carries a tooltip "T, C_V" in the SVG.
Figure plot_heat_capacity(const std::vector<HeatCapacityPoint>& cv,
                          const std::vector<PlotMark>& marks, const std::string& title);

}  // namespace landscape::pathsample
