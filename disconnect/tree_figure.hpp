#pragma once
// The drawing of a disconnectivity graph on disconnectionDPS's page: the same margins, energy
// axis and coordinates as its tree.ps, so that a segment of ours and one of the real program's
// can be compared number for number.

#include <vector>

#include "common/plotting/figure.hpp"
#include "disconnect/disconnect_options.hpp"
#include "disconnect/disconnectivity_graph.hpp"

namespace landscape::disconnect {

/// disconnectionDPS's page: A4 (595 x 842 points) or US letter, margins 40 (x) and 50 (y), a
/// 40-point strip on the left for the energy axis.
struct TreePage {
  double width = 595.0, height = 842.0;
  double margin_x = 40.0, margin_y = 50.0, scale_width = 40.0;
  double first = 0.0, delta = 1.0;  ///< energy of the top level and level spacing
  std::size_t levels = 2;

  static TreePage for_options(const DisconnectOptions& options);
  /// Page x of a layout position in [0, 1].
  double x(double fraction) const {
    return fraction * (width - 2 * margin_x - scale_width) + margin_x + scale_width;
  }
  /// Page y of an energy: the top level at height - margin_y, the bottom level at margin_y.
  double y(double energy) const {
    const double f = (first - energy) / (delta * static_cast<double>(levels - 1));
    return height - (f * (height - 2 * margin_y) + margin_y);
  }
  /// x of the energy axis.
  double axis_x() const { return margin_x + scale_width - 10.0; }
};

/// Colour of TRMIN list k (1-based) of n: a rainbow from red to purple, or with CHOOSECOLOURS
/// red, green, blue, magenta, orange, cyan, brown, grey.
Colour list_colour(int k, int n, bool choose_colours);

/// Draws the graph with its energy axis, the labels of IDMIN, IDENTIFY, IDENTIFY_NODE and
/// IDENTIFY_NODE_SIZE, TRMIN colours, and a tooltip on every branch end ("minimum i, E = ...").
Figure draw_tree(const DisconnectivityGraph& graph, const DisconnectOptions& options,
                 const std::vector<double>& minimum_energies);

}  // namespace landscape::disconnect
