#pragma once
// The pathdata steps that build or extend the database before any campaign: STARTFROMPATH, ADDPATH,
// MERGEDB, and the EXTRACTMIN / EXTRACTTS outputs.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/system.hpp"
#include "pathsample/pathsample_options.hpp"
#include "pathsample/stationary_point_database.hpp"

namespace landscape::pathsample {

/// The identity settings of a run: EDIFFTOL, GEOMDIFFTOL, ITOL, PERMDIST (with the groups of
/// dir/perm.allow when present), RANROT, SEED, and the zero modes of the system.
/// The system of a pathsample run (from MLP3/MLPVB3 or NATOMS) without its potential: pathsample
/// stores and compares structures but never evaluates them.
System pathsample_system(const PathsampleOptions& options);

/// How the database compares stationary points, from the keywords and the system.
IdentitySettings identity_settings(const PathsampleOptions& options, const System& system,
                                   const std::filesystem::path& dir);

/// The layout found in a path file.
enum class PathLayout { kTriples, kPath };

/// Reads an optim path file as min-TS-min triples. The layout is detected: OPTIM's DUMPALLPATHS
/// triples, or the older min-TS-min-TS-...-min path (turned into its triples), told apart by which
/// blocks are transition states (a negative Hessian eigenvalue besides the zero_modes nearest zero;
/// without frequencies, an energy above both neighbours). Throws InputError (`file:LINE: ...`) on a
/// malformed file or when neither layout fits.
std::vector<landscape::PathInfoTriple> read_path_triples(const std::filesystem::path& path,
                                                         std::size_t n_dof, bool with_frequencies,
                                                         std::size_t zero_modes,
                                                         PathLayout* layout = nullptr);

/// A path file read into triples.
struct PathFile {
  std::string name;  ///< as given (for the log)
  std::vector<landscape::PathInfoTriple> triples;
  PathLayout layout = PathLayout::kTriples;
};

/// Reads a path file (read_path_triples).
PathFile read_path_file(const std::filesystem::path& path, std::size_t n_dof, bool with_frequencies,
                        std::size_t zero_modes);

/// Adds the triples of a path file to db, minima before their transition state, and logs what
/// changed (and why a triple was left out).
AddCounts add_path_file(StationaryPointDatabase& db, const PathFile& file, Logger& log);

/// The path files of STARTFROMPATH and ADDPATH, read before the database is touched.
struct DatabasePaths {
  std::optional<PathFile> start;  ///< STARTFROMPATH
  std::vector<PathFile> added;    ///< ADDPATH, in order
};

/// Reads the STARTFROMPATH and ADDPATH files (dir/file); a file that cannot be read throws
/// InputError as `pathdata:20: STARTFROMPATH: path.info.initial:7: ...`, before anything changes.
DatabasePaths read_database_paths(const PathsampleOptions& options, const std::string& data_name,
                                  const std::filesystem::path& dir, std::size_t n_dof,
                                  std::size_t zero_modes);

/// Runs STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN and EXTRACTTS as options ask, in that order,
/// with the path files already read. The caller has checked that their files and directories
/// exist (pathsample_run does). data_name names pathdata in messages
/// (`pathdata:21: STARTFROMPATH: ...`, InputError).
void build_database(const PathsampleOptions& options, const DatabasePaths& paths,
                    const std::string& data_name, const std::filesystem::path& dir,
                    StationaryPointDatabase& db, Logger& log);

}  // namespace landscape::pathsample
