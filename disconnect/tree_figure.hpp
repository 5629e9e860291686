#pragma once
// The drawing of a disconnectivity graph on disconnectionDPS's page: the same margins, energy
// axis and coordinates as its tree.ps, so that a segment of ours and one of the real program's
// can be compared number for number.

#include <string>
#include <vector>

#include "common/plotting/figure.hpp"
#include "common/plotting/label_placement.hpp"
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

/// The labels of the energy axis: LABELFORMAT's (Fw.d), with more decimals where two neighbouring
/// levels would read the same and a wider field where a value does not fit (Fortran's asterisks);
/// a label every stride levels from the top one where the levels are closer than 1.2 times the
/// axis font. disconnect logs the format used when it is not LABELFORMAT's.
struct EnergyAxisLabels {
  int width = 8, decimals = 2;  ///< the F format used
  std::size_t stride = 1;
  std::vector<std::string> labels;  ///< one per level, empty where not labelled
};
EnergyAxisLabels energy_axis_labels(const DisconnectivityGraph& graph,
                                    const DisconnectOptions& options, const TreePage& page);

/// A minimum's number on the graph (IDMIN, IDENTIFY), centred below its branch end at (x, y):
/// IDMIN's with a tick down from the branch end first. Labels that would overlap are moved down
/// by whole lines (place_labels_below) and joined to their branch end by a thin line; no two
/// boxes overlap.
struct MinimumLabel {
  std::size_t minimum = 0;  ///< 0-based
  double x = 0.0, y = 0.0;
  std::string text;
  bool tick = false;   ///< IDMIN
  bool moved = false;  ///< placed below its wanted place
  LabelBox box;
};
std::vector<MinimumLabel> minimum_labels(const DisconnectivityGraph& graph,
                                         const DisconnectOptions& options, const TreePage& page,
                                         std::size_t n_minima);

/// Draws the graph with its energy axis, the labels of IDMIN, IDENTIFY, IDENTIFY_NODE and
/// IDENTIFY_NODE_SIZE, TRMIN colours, and a tooltip on every branch end ("minimum i, E = ...").
Figure draw_tree(const DisconnectivityGraph& graph, const DisconnectOptions& options,
                 const std::vector<double>& minimum_energies);

}  // namespace landscape::disconnect
