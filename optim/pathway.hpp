#pragma once
// The min-TS-min pathway of a transition state (OPTIM's PATH): push off along +-the transition
// eigenvector by PUSHOFF and minimise each side by L-BFGS, keeping every accepted iterate as a
// frame of the (approximate steepest-descent) path; then the energy as a function of the
// integrated path length (EofS), frames for path.xyz and OPTIM's path summary.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/optimize/lbfgs.hpp"

namespace landscape {
class Potential;
}

namespace landscape::optim {

/// Parameters of a pathway calculation (OPTIM keyword in brackets).
struct PathwayOptions {
  double pushoff = 0.01;  ///< PUSHOFF
  LbfgsOptions
      minimisation;  ///< BFGSMIN, BFGSSTEPS, UPDATES m1, DGUESS d1, MAXBFGS x1, MAXERISE e1
};

/// One side of a path: from the pushed-off point down to a minimum.
struct PathSide {
  std::vector<std::vector<double>>
      frames;                    ///< the transition state, the pushed-off point, every iterate
  std::vector<double> energies;  ///< energy of each frame
  MinimizeResult result;         ///< of the minimisation
  const std::vector<double>& minimum() const { return frames.back(); }
  double energy() const { return energies.back(); }
};

/// A transition state and the two sides of its path; plus is the side of +PUSHOFF * v.
struct Pathway {
  PathSide plus, minus;
  double ts_energy = 0.0;
  double length = 0.0;    ///< S: integrated path length from minimum to minimum
  double distance = 0.0;  ///< D: distance between the two minima (as they are, not aligned)
  double gamma = 1.0;     ///< N sum d^4 / (sum d^2)^2 over atom displacements (1 for variables)
  double cooperativity = 1.0;  ///< ~N = (sum d^2)^2 / sum d^4: atoms that move (1 for variables)
};

/// Follows the path of transition state ts (energy ts_energy) along its unit eigenvector v.
/// atoms: coordinates are x y z of atoms (for gamma and ~N).
Pathway follow_pathway(const Potential& potential, std::span<const double> ts, double ts_energy,
                       std::span<const double> v, const PathwayOptions& options, bool atoms);

/// One frame of a pathway on its way from one minimum to the other.
struct PathFrame {
  const std::vector<double>* coords = nullptr;
  double energy = 0.0;
  double length = 0.0;  ///< integrated path length from the first frame
};

/// Every frame from the plus minimum through the transition state to the minus minimum
/// (from_plus), or the other way round.
std::vector<PathFrame> ordered_frames(const Pathway& path, bool from_plus);

/// EofS: one line a frame, from the plus minimum through the transition state to the minus
/// minimum: path length (0 at the transition state, negative on the plus side), energy, frame.
std::string format_eofs(const Pathway& path);

/// One XYZ frame: the count, "E= energy what", then `LA x y z` an atom, or for systems that are
/// not atoms the values three a line as `X a b c` (padded with zeros).
void append_frame(std::string& out, std::span<const double> x, double energy, std::string_view what,
                  bool atoms);

/// path.xyz: up to frames_per_side frames of each side, evenly spaced, plus the three stationary
/// points, from the plus minimum to the minus minimum. Atoms are written `LA x y z`; values of a
/// system that is not atoms 3 a line as `X a b c` (padded with zeros).
std::string format_path_xyz(const Pathway& path, long long frames_per_side, bool atoms);

/// OPTIM's one-line summary: E+, Ets - E+, Ets, Ets - E-, E-, S, D, gamma, ~N.
std::string format_path_summary(const Pathway& path);

}  // namespace landscape::optim
