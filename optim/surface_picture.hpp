#pragma once
// The picture of optim's paths on a surface of two variables (Mueller-Brown): contour lines of
// the potential over the region of the paths, each min-TS-min path drawn over them, the minima and
// transition states marked.

#include <string>
#include <vector>

#include "common/plotting/figure.hpp"
#include "common/potentials/potential.hpp"
#include "optim/pathway.hpp"

namespace landscape::optim {

/// Contours of potential (2 variables) over the box around the paths (with a margin), at
/// n_levels energies spread between the lowest minimum and just above the highest transition
/// state; the paths, their minima (black) and transition states (red). Throws
/// std::invalid_argument unless the potential has 2 variables and there is a path.
Figure surface_paths_figure(const Potential& potential, const std::vector<Pathway>& paths,
                            const std::string& title, int n_levels = 24);

}  // namespace landscape::optim
