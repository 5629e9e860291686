#pragma once
// The pathdata steps that build or extend the database before any campaign: STARTFROMPATH, ADDPATH,
// MERGEDB, and the EXTRACTMIN / EXTRACTTS outputs.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "optim/path_info.hpp"
#include "pathsample/pathsample_options.hpp"
#include "pathsample/stationary_point_database.hpp"

namespace landscape::pathsample {

/// The identity settings of a run: EDIFFTOL, GEOMDIFFTOL, ITOL, PERMDIST (with the groups of
/// dir/perm.allow when present), RANROT, SEED, and the zero modes of the system.
IdentitySettings identity_settings(const PathsampleOptions& options, const std::filesystem::path& dir);

/// The layout found in a path file.
enum class PathLayout { kTriples, kPath };

/// Reads an optim path file as min-TS-min triples. The layout is detected: OPTIM's DUMPALLPATHS
/// triples, or the older min-TS-min-TS-...-min path (turned into its triples), told apart by which
/// blocks are transition states (a negative Hessian eigenvalue besides the zero_modes nearest zero;
/// without frequencies, an energy above both neighbours). Throws InputError (`file:LINE: ...`) on a
/// malformed file or when neither layout fits.
std::vector<optim::PathInfoTriple> read_path_triples(const std::filesystem::path& path, std::size_t n_dof,
                                                     bool with_frequencies, std::size_t zero_modes,
                                                     PathLayout* layout = nullptr);

/// Adds the triples of a path file to db and logs what changed; what the triples connect is
/// returned (0-based minima of each accepted triple).
AddCounts add_path_file(StationaryPointDatabase& db, const std::filesystem::path& path, bool with_frequencies,
                        Logger& log, std::vector<std::pair<std::size_t, std::size_t>>* pairs = nullptr);

/// Runs STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN and EXTRACTTS as options ask, in that order.
/// The caller has checked that their files and directories exist (pathsample_run does).
/// data_name names pathdata in messages (`pathdata:21: STARTFROMPATH: ...`, InputError).
void build_database(const PathsampleOptions& options, const std::string& data_name, const std::filesystem::path& dir,
                    StationaryPointDatabase& db, Logger& log);

}  // namespace landscape::pathsample
