#pragma once
// OPTIM's path.info (DUMPALLPATHS, PATHSAMPLE's TRIPLES format) and min.data.info (DUMPDATA).
// A path.info block for one stationary point (doc/file_formats.md):
//   energy                                   (F25.15)
//   pgorder point-group symbol               (I6, 1X, A4)
//   Hessian eigenvalues, descending, 3 a line (G20.10), absent with NOFRQS
//   coordinates, 3 a line                     (3F25.15; the last line holds the rest)
// and the file is a sequence of min-TS-min triples.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "common/landscape/stationary_point.hpp"

namespace landscape {

/// Fortran's Gw.d edit descriptor (w = 20, d = 10 as OPTIM writes eigenvalues): fixed notation
/// with d significant digits and 4 trailing blanks for 0.1 <= |v| < 10^d, else 0.dddE+ee.
std::string fortran_g(double value, int width = 20, int digits = 10);

/// One stationary-point block as path.info holds it.
std::string format_path_info_block(const StationaryPoint& point, bool with_frequencies);

/// Appends a min-TS-min triple to path_info (created if missing); the write is one call, flushed.
void append_path_info_triple(const std::filesystem::path& path_info, const StationaryPoint& min1,
                             const StationaryPoint& ts, const StationaryPoint& min2,
                             bool with_frequencies);

/// A stationary point as read back from path.info.
struct PathInfoPoint {
  double energy = 0.0;
  int pgorder = 1;
  std::string point_group;
  std::vector<double> eigenvalues;  ///< as written (descending); empty without frequencies
  std::vector<double> coords;
};

/// One triple of path.info.
struct PathInfoTriple {
  PathInfoPoint min1, ts, min2;
};

/// Reads every triple of a path.info for n_dof coordinates. Throws InputError
/// ("path.info:LINE: ...") on a malformed file or a partial triple at the end.
std::vector<PathInfoTriple> read_path_info(const std::filesystem::path& path_info,
                                           std::size_t n_dof, bool with_frequencies);

/// Every stationary-point block of a path.info, in file order, whatever their grouping (triples,
/// or the older min-TS-min-TS-...-min path). Throws InputError as read_path_info does.
std::vector<PathInfoPoint> read_path_info_points(const std::filesystem::path& path_info,
                                                 std::size_t n_dof, bool with_frequencies);

/// min.data.info (DUMPDATA): the min.data line of the minimum, then its coordinates 3 a line.
std::string format_min_data_info(const StationaryPoint& minimum);

}  // namespace landscape
