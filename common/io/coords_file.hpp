#pragma once
// Plain coordinate files: `coords` and `finish` (x y z a line, or one value a line).

#include <filesystem>
#include <string>
#include <vector>

namespace landscape {

/// Reads every number of a coordinates file, checking that each non-blank line holds
/// values_per_line numbers (3 for atoms, 1 for VARIABLES systems). Fortran D exponents accepted.
/// Throws InputError "coords:LINE: expected 3 numbers, got ..." for a bad line.
std::vector<double> read_coords_file(const std::filesystem::path& path, int values_per_line);

/// Writes x as lines of `x y z` (full precision).
std::string format_xyz_lines(const std::vector<double>& x);

}  // namespace landscape
