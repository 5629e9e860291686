#pragma once
// The `perm.allow` file of PERMDIST (OPTIM and PATHSAMPLE; doc/file_formats.md): which atoms
// may be exchanged in a permutational alignment. Line 1 holds the number of groups; each group is
// a line `p s` (its size and its number of secondary sets) followed by its p atom indices
// (1-based, free format, over one or more lines). Secondary sets (atoms that move with the
// primary ones, s > 0) are not supported here. Without the file every atom is permutable.

#include <cstddef>
#include <filesystem>
#include <vector>

namespace landscape {

/// Reads the groups of permutable atoms (0-based indices) for a cluster of n_atoms. Throws
/// InputError ("perm.allow:LINE: message") on a malformed file, an index out of 1..n_atoms, an
/// atom in two groups, or secondary sets.
std::vector<std::vector<std::size_t>> read_perm_allow(const std::filesystem::path& path,
                                                      std::size_t n_atoms);

}  // namespace landscape
