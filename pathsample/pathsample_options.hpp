#pragma once
// Everything pathdata sets for pathsample (defaults live in the keyword table).

#include <optional>
#include <string>
#include <vector>

namespace landscape::pathsample {

/// CV Tmin Tmax Tinc: the heat capacity over a temperature grid.
struct HeatCapacityOptions {
  double t_min = 0.0, t_max = 0.0, t_inc = 0.0;
};

/// A network loss landscape (MLP3, MLPVB3): the database records hold the weights.
struct NetworkOptions {
  std::string keyword;  ///< MLP3 or MLPVB3
  long long n_weights = 0;
};

/// The options of one pathsample run.
struct PathsampleOptions {
  long long natoms = 0;  ///< NATOMS: atoms of a cluster (or, for a network, the number of weights)
  std::optional<NetworkOptions> network;
  bool no_points = false;  ///< NOPOINTS: points.min and points.ts are not read
  std::optional<HeatCapacityOptions> cv;
  double cv_fraction = 0.0;              ///< CVFRACTION (its default lives in the table)
  std::vector<double> cv_decode;         ///< CVDECODE temperatures (besides the peaks)
};

}  // namespace landscape::pathsample
