#pragma once
// Everything pathdata sets for pathsample (defaults live in the keyword table).

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/ml/mlp_keywords.hpp"
#include "pathsample/minima_selection.hpp"

namespace landscape::pathsample {

/// CV Tmin Tmax Tinc: the heat capacity over a temperature grid.
struct HeatCapacityOptions {
  double t_min = 0.0, t_max = 0.0, t_inc = 0.0;
};

/// STARTFROMPATH file n1 n2.
struct StartFromPath {
  std::string file;
  std::size_t n1 = 1, n2 = 2;
  int line = 0;  ///< in pathdata, for messages
};

/// How a campaign chooses the pairs of minima for its optim jobs.
enum class PairStrategy { kNone, kUntrap, kDijinit, kConnectRegion };

/// The options of the connection campaign.
struct CampaignOptions {
  std::string exec;  ///< EXEC: the optim program
  int exec_line = 0;
  long long cpus = 1;
  long long cycles = 0;
  long long connections = 0;
  std::string system = "AX";  ///< SYSTEM: the atom symbol of the optim inputs
  PairStrategy strategy = PairStrategy::kNone;
  int strategy_line = 0;
  std::string strategy_keyword;
  double untrap_einc = 0.0, untrap_thresh = 0.0;
  long long dijkstra_nconn =
      0;  ///< DIJKSTRA n: minima with n or fewer connections left out of UNTRAP
  bool dijinit_exp = false;
  long long dijinit_power = 1;
  long long region_min1 = 1, region_min2 = 2;
  double region_distance = 0.0;
};

/// The options of one pathsample run.
struct PathsampleOptions {
  long long natoms = 0;  ///< NATOMS: atoms of a cluster (or, for a network, the number of weights)
  /// A network loss landscape (MLP3, MLPVB3): the database records hold the weights.
  std::optional<MlpKeywordOptions> network;
  /// BULK Lx Ly Lz: a bulk system in a periodic box (the periodic binary Lennard-Jones).
  std::optional<std::array<double, 3>> bulk;
  bool no_points = false;  ///< NOPOINTS: points.min and points.ts are not read
  std::optional<HeatCapacityOptions> cv;
  double cv_fraction = 0.0;       ///< CVFRACTION (its default lives in the table)
  std::vector<double> cv_decode;  ///< CVDECODE temperatures (besides the peaks)

  // The database and the identity of its stationary points.
  double edifftol = 1e-9;       ///< EDIFFTOL (ETOL)
  double geomdifftol = 1e-3;    ///< GEOMDIFFTOL
  std::optional<double> itol;   ///< ITOL
  bool permdist = false;        ///< PERMDIST
  long long ranrot = 0;         ///< RANROT
  long long seed = 1;           ///< SEED
  bool no_frequencies = false;  ///< NOFRQS
  std::optional<StartFromPath> start_from_path;
  std::vector<std::pair<std::string, int>>
      add_paths;                       ///< ADDPATH files and their pathdata lines, in order
  std::vector<std::string> merge_dbs;  ///< MERGEDB directories, in order
  std::optional<long long> extract_min, extract_ts;
  int extract_min_line = 0, extract_ts_line = 0;  ///< their keyword lines, for messages
  CampaignOptions campaign;
  /// MLMINSELECT: choose minima for MLSUP (MLMINweights, MLMINselection).
  std::optional<MinimaSelectionOptions> select;
  int select_line = 0;
  /// MISCLASSIFICATION file: write the matrix of misclassification distances of all minima.
  std::optional<std::string> misclassification_file;
};

}  // namespace landscape::pathsample
