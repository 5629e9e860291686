#pragma once
// Point group of an atomic cluster (all atoms alike): its order, which enters the partition
// functions of PATHSAMPLE (min.data and ts.data column 3), and its Schoenflies symbol, which OPTIM
// writes into path.info.
//
// Every symmetry operation maps two chosen atoms a and b to atoms at the same distances from the
// centre of mass and from each other, so the candidates are the frames on such pairs (proper and
// improper). A candidate is accepted when every atom lands on a distinct atom: its permutation is
// then fixed, the orthogonal matrix refitted to all atoms (Horn), and the operation kept if no atom
// moves farther than distance_tolerance from its image. The operations found must form a group
// (closed under products); if they do not, the tolerance is divided by 10 and the search repeated.
// The symbol follows from the operations: the rotation axes and their orders, the mirror planes
// and the inversion (the usual flow chart: cubic and icosahedral groups, then Dnh/Dnd/Dn,
// Cnh/Cnv/S2n/Cn, Cs/Ci/C1).

#include <array>
#include <span>
#include <string>
#include <vector>

namespace landscape {

/// Parameters of the point-group detection.
struct PointGroupOptions {
  /// Largest distance of an atom from the atom it is mapped onto (OPTIM's distance tolerance,
  /// 1e-4 in its output for the LJ38 tutorial).
  double distance_tolerance = 1e-4;
};

/// The point group of a cluster.
struct PointGroup {
  int order = 1;  ///< number of symmetry operations (2 for D*h, 1 for C*v)
  std::string symbol =
      "C1";  ///< as OPTIM writes it: "C1", "C s", "C i", "C2v", "D5h", "T d", "O h", "I h", ...
  std::vector<std::array<double, 9>>
      operations;  ///< row-major orthogonal matrices about the centre of mass
};

/// The point group of the cluster x (3 coordinates an atom). Linear clusters are C*v (order 1) or
/// D*h (order 2, the rotational symmetry number); a single atom is reported as C1.
PointGroup point_group(std::span<const double> x, const PointGroupOptions& options = {});

}  // namespace landscape
