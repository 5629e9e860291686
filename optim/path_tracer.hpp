#pragma once
// From a transition state to a min-TS-min triple (OPTIM's PATH and DUMPALLPATHS): the pathway
// (push-off along +-the transition eigenvector, both sides minimised), the three stationary points
// characterised by their Hessians, and the checks that make the triple valid: both sides
// converged to minima (no negative Hessian eigenvalue), neither fell back to the transition
// state, no atom beyond RADIUS (evaporation), and two distinct minima. Two minima that are the
// same structure only after a permutation of the atoms are a degenerate rearrangement: valid, but
// they join nothing.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "optim/characterisation.hpp"
#include "optim/pathway.hpp"

namespace landscape {
class Logger;
class Potential;
class StructureMetric;
}  // namespace landscape

namespace landscape::optim {

struct HefResult;

/// A traced transition state.
struct TracedPath {
  Pathway pathway;
  StationaryPoint plus, ts, minus;  ///< plus: the minimum of the side of +PUSHOFF
  std::vector<std::string> faults;  ///< why the triple is not valid (empty: valid)
  bool degenerate = false;          ///< both minima are permutational isomers of one minimum
  std::size_t gradient_calls = 0;   ///< of the pathway's minimisations (when counted by the caller)
  bool valid() const { return faults.empty(); }
};

/// Settings of the tracer (OPTIM keywords in brackets).
struct PathTracerSettings {
  PathwayOptions pathway;          ///< PUSHOFF, BFGSMIN, BFGSSTEPS, ...
  bool atoms = false;              ///< coordinates are atoms
  bool numerical_hessian = false;  ///< ENDNUMHESS
  std::optional<double> radius;    ///< RADIUS (clusters)
  std::optional<long long>
      xyz_frames;  ///< PATH n: write EofS and path.xyz files with n frames a side
};

/// Traces transition states of one potential, logging as it goes.
class PathTracer {
 public:
  PathTracer(const Potential& potential, PathTracerSettings settings, const StructureMetric& metric,
             Logger& log);

  /// Follows ts down both sides. label prefixes the log lines; with PATH, the energy profile and
  /// the frames go to dir/eofs_name and dir/xyz_name (both written only when names are given).
  TracedPath trace(const HefResult& ts, const std::string& label, const std::filesystem::path& dir,
                   const std::string& eofs_name, const std::string& xyz_name) const;

  const PathTracerSettings& settings() const { return settings_; }

 private:
  const Potential& potential_;
  PathTracerSettings settings_;
  const StructureMetric& metric_;
  Logger& log_;
};

/// Writes text to path (truncating); throws RuntimeError when it cannot.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace landscape::optim
