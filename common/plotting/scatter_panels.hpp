#pragma once
// Scatter plots in a grid of panels on one Figure: the MLSUP pictures (test points coloured by the
// minimum the meta-network picks, beside each minimum's confidently-correct points; the
// misclassification distance against the Euclidean distance of pairs of minima).

#include <optional>
#include <string>
#include <vector>

#include "common/plotting/figure.hpp"

namespace landscape {

/// Points of one colour in a panel.
struct ScatterSeries {
  std::vector<double> x, y;
  Colour colour;
  double radius = 1.5;  ///< points
  std::string label;    ///< in the panel's legend; empty: not listed
};

/// One panel: a frame with ticks, axis titles and its points.
struct ScatterPanel {
  std::string title, x_label, y_label;
  std::vector<ScatterSeries> series;
  /// Axis ranges; absent: the data's range with a margin.
  std::optional<double> x_lo, x_hi, y_lo, y_hi;
  std::string note;  ///< one line under the title inside the frame (e.g. a correlation)
};

/// Distinct colours for series 0, 1, 2, ... (a qualitative palette, repeated after 10).
Colour series_colour(std::size_t k);

/// The panels in a grid of `columns` columns, each panel_width x panel_height points, under a
/// title.
Figure scatter_panels(const std::vector<ScatterPanel>& panels, std::size_t columns,
                      const std::string& title, double panel_width = 300.0,
                      double panel_height = 260.0);

}  // namespace landscape
