#pragma once
// Characterising a stationary point found by optim: its Hessian (analytic or by differences), zero
// modes, index, lnprodfreq, moments of inertia and point group, as a StationaryPoint.

#include <span>

#include "common/landscape/stationary_point.hpp"

namespace landscape {
class Potential;
}

namespace landscape::optim {

struct HefResult;

/// Characterises x on potential: its Hessian (analytic, or central differences of the gradient
/// when numerical_hessian is set or the potential has no analytic one) and, for clusters
/// (atoms = true), the 6 zero modes of overall translation and rotation, the moments of inertia and
/// the point group; for atoms in a periodic box (Potential::periodic) the 3 translations only, and
/// no moments or point group.
StationaryPoint characterise(const Potential& potential, std::span<const double> x, bool atoms,
                             bool numerical_hessian);

/// A transition state found by hybrid eigenvector-following as a characterised stationary point:
/// the Hessian analysis of its index check when there was one (else computed here), moments of
/// inertia and point group.
StationaryPoint characterise_transition_state(const Potential& potential, const HefResult& ts,
                                              bool atoms, bool numerical_hessian);

}  // namespace landscape::optim
