#pragma once
// Everything dinfo sets for disconnect (defaults live in the keyword table).

#include <optional>
#include <string>
#include <vector>

#include "disconnect/disconnectivity_graph.hpp"

namespace landscape::disconnect {

/// TRMIN n max file1 ... filen: colour the branches of the minima listed in each file.
struct TrMinOptions {
  long long n_lists = 0;
  long long max_minima =
      0;  ///< disconnectionDPS's array size; checked against min.data only in the log
  std::vector<std::string> files;
};

/// The options of one disconnect run. Minimum numbers are 1-based, as in dinfo.
struct DisconnectOptions {
  DisconnectivityOptions graph;            ///< its index fields are filled in once min.data is read
  std::string minima_file;                 ///< MINIMA
  std::string ts_file;                     ///< TS
  long long connect_min = 0;               ///< CONNECTMIN (0: the global minimum)
  std::vector<long long> id_minima;        ///< IDMIN
  bool identify = false;                   ///< IDENTIFY
  std::optional<long long> identify_node;  ///< IDENTIFY_NODE max
  std::optional<long long> identify_node_size;  ///< IDENTIFY_NODE_SIZE max
  std::string
      label_format;  ///< LABELFORMAT (Fortran Fw.d) of the energy axis (default in the table)
  int label_width = 8, label_decimals = 2;
  std::string axis_title;   ///< AXISTITLE: the title of the energy axis (default in the table)
  double label_size = 0.0;  ///< LABELSIZE of the minimum and node labels, points
  bool letter = false;      ///< LETTER: US letter page instead of A4
  bool dump_numbers = false, dump_sizes = false;
  bool colour_output = false;   ///< COLOUROUTPUT: node_sections
  bool choose_colours = false;  ///< CHOOSECOLOURS: the fixed colour set instead of the rainbow
  std::string pick_file;        ///< PICK
  std::optional<TrMinOptions> trmin;
};

}  // namespace landscape::disconnect
