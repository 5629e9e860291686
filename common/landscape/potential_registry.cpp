// The potential table: every potential the suite knows, by the keyword that selects it. Adding a
// potential is one file in common/potentials/ and one entry here (doc/architecture.md shows it).

#include <fmt/format.h>

#include <stdexcept>

#include "common/landscape/system.hpp"
#include "common/potentials/binary_lj_periodic.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "common/potentials/mueller_brown.hpp"

namespace landscape {
namespace {

std::size_t cluster_coordinates(const SystemRequest& r) {
  if (r.n_coordinates == 0 || r.n_coordinates % 3 != 0)
    throw std::invalid_argument(fmt::format(
        "a cluster needs x y z for each atom: {} coordinates is not a whole number of atoms",
        r.n_coordinates));
  return r.n_coordinates;
}

std::size_t network_weights(const SystemRequest& r) {
  if (!r.mlp) throw std::invalid_argument(fmt::format("{} needs its keyword values", r.potential));
  return r.mlp->shape().n_weights();
}

std::unique_ptr<Potential> make_binary(const SystemRequest& r) {
  if (!r.binary)
    throw std::invalid_argument(
        "BINARY needs its keyword values (ntypea epsab epsbb sigmaab sigmabb, box and cut-off)");
  return std::make_unique<BinaryLennardJonesPeriodic>(cluster_coordinates(r) / 3, *r.binary);
}

std::unique_ptr<Potential> make_network(const SystemRequest& r) {
  if (r.mlp_dataset) return std::make_unique<MlpLoss>(r.mlp->shape(), r.mlp_dataset, r.mlp->lambda);
  return make_mlp_loss(*r.mlp, r.mlp_data);
}

}  // namespace

const std::vector<PotentialEntry>& potential_table() {
  static const std::vector<PotentialEntry> table{
      {"LJ", SystemKind::kCluster, "Lennard-Jones cluster (epsilon = sigma = 1)",
       "coordinates (x y z an atom)", cluster_coordinates,
       [](const SystemRequest& r) {
         return std::make_unique<LennardJones>(cluster_coordinates(r) / 3);
       }},
      {"MUELLERBROWN", SystemKind::kSurface, "Mueller-Brown surface", "variables (x and y)",
       [](const SystemRequest&) { return std::size_t{2}; },
       [](const SystemRequest&) { return std::make_unique<MuellerBrown>(); }},
      {"MLP3", SystemKind::kNetwork, "tanh network without biases, softmax cross-entropy + L2",
       "weights", network_weights, make_network},
      {"MLPVB3", SystemKind::kNetwork, "tanh network with biases, softmax cross-entropy + L2",
       "weights", network_weights, make_network},
      {"BINARY", SystemKind::kBulk,
       "periodic binary Lennard-Jones, shifted and truncated (OPTIM's LS, GMIN's ljpshift)",
       "coordinates (x y z an atom)", cluster_coordinates, make_binary},
  };
  return table;
}

}  // namespace landscape
