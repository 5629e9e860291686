#pragma once
// Rigid-body geometry of atomic clusters (unit masses): centre, inertia, principal axes.

#include <array>
#include <cstddef>
#include <span>

namespace landscape {

/// Centre of mass of the atoms of x (3 per atom).
std::array<double, 3> centre_of_mass(std::span<const double> x);
/// Translates x so that its centre of mass is at the origin.
void move_to_centre(std::span<double> x);
/// Inertia tensor about the centre of mass, row-major 3x3.
std::array<double, 9> inertia_tensor(std::span<const double> x);
/// Principal moments of inertia about the centre of mass, ascending (LAPACK dsyevr on the 3x3
/// tensor).
std::array<double, 3> principal_moments(std::span<const double> x);
/// Centres x and rotates it onto its principal axes (smallest moment along x), a proper rotation.
/// The remaining sign ambiguity of the axes is fixed by making the third moment of each coordinate
/// non-negative where it is not tiny, so two orientations of one structure map to the same result.
void align_to_principal_axes(std::span<double> x);
/// Largest distance of an atom from the centre of mass.
double max_radius(std::span<const double> x);
/// GMIN's default spherical container for n atoms: r_e [1 + (3n / (4 pi sqrt 2))^(1/3)], from the
/// volume per atom of close packing; r_e is the pair equilibrium distance (2^(1/6) for LJ).
double default_container_radius(std::size_t n_atoms, double pair_distance);
/// Euclidean distance between two coordinate vectors of the same size.
double euclidean_distance(std::span<const double> a, std::span<const double> b);

}  // namespace landscape
