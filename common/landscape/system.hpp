#pragma once
// The system a run explores, built once from the keywords by make_system and used by gmin, optim
// and pathsample alike (in the spirit of pele's BaseSystem): the potential, its kind, the zero
// modes of its Hessian, how two of its structures are compared (the structure metric: alignment
// and the EDIFFTOL/ITOL/GEOMDIFFTOL identity), the basin-hopping step that suits it, the record
// size of its points files and a one-line description. Potentials are chosen by name from one
// table (potential_registry.cpp), never by if-chains in the programs.

#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/landscape/structure_metric.hpp"
#include "common/ml/labelled_data.hpp"
#include "common/ml/mlp_keywords.hpp"
#include "common/ml/mlp_shape.hpp"
#include "common/potentials/binary_lj_periodic.hpp"
#include "common/potentials/potential.hpp"

namespace landscape {

/// What the coordinates of a system are.
enum class SystemKind {
  kCluster,  ///< atoms, x y z each (Lennard-Jones): 6 zero modes, alignment over rotations
  kNetwork,  ///< the weights of a network (MLP3, MLPVB3): isomers by hidden-node symmetries
  kSurface,  ///< a few plain variables (Mueller-Brown): Euclidean distance
  /// atoms in a periodic box (binary Lennard-Jones): 3 zero modes (translations), minimum-image
  /// distances over a translation and permutations within each species, no rotation
  kBulk,
};

/// The basin-hopping move that suits a system.
enum class StepKind {
  kCluster,  ///< every atom moves by U(-1,1)*STEP, with GMIN's angular moves and container
  kUniform,  ///< every coordinate (every weight of a network, every atom in a box) moves by
             ///< U(-1,1)*STEP
};

/// What the programs read from their keyword files that decides the system.
struct SystemRequest {
  /// The potential's name in the table: "LJ" (the default of every program), "MUELLERBROWN",
  /// "MLP3", "MLPVB3", "BINARY" (case as in the table).
  std::string potential = "LJ";
  /// Coordinates given (atoms x 3, weights, variables), which sizes a cluster; 0 when none are
  /// given (pathsample sizes a cluster by NATOMS: pass 3 * NATOMS).
  std::size_t n_coordinates = 0;
  std::optional<MlpKeywordOptions> mlp;  ///< the MLP3 / MLPVB3 keyword's values
  /// The periodic binary Lennard-Jones parameters (BINARY, with the box and the cut-off), which
  /// build the potential and name the species; their box is the system's.
  std::optional<BinaryLjParameters> binary;
  /// The periodic box of a bulk system without its potential's parameters (pathsample's BULK).
  std::optional<std::array<double, 3>> box;
  /// The network's training data (MLPdata); read only when with_potential is set.
  std::filesystem::path mlp_data = "MLPdata";
  /// The network's training data already in memory (gmin's MLSUP meta-network, whose labels are
  /// computed): used instead of mlp_data when set.
  std::shared_ptr<const LabelledData> mlp_dataset;
  /// Build the potential itself. pathsample compares and stores structures but never evaluates
  /// them, so it asks for the system without its potential (and needs no MLPdata).
  bool with_potential = true;
};

/// The system of a run. Move-only; the potential is owned here.
class System {
 public:
  SystemKind kind() const { return kind_; }
  /// The coordinates are atoms, x y z each: a cluster or a bulk system.
  bool atoms() const { return kind_ == SystemKind::kCluster || kind_ == SystemKind::kBulk; }
  /// Atoms in a periodic box (a bulk system).
  bool periodic() const { return kind_ == SystemKind::kBulk; }
  /// The box lengths of a bulk system.
  const std::optional<std::array<double, 3>>& box() const { return box_; }
  /// The species of a binary system (the A atoms, then the B atoms), the groups of identical atoms
  /// that PERMDIST permutes when no perm.allow says otherwise; absent for other systems.
  const std::optional<std::vector<std::vector<std::size_t>>>& species() const { return species_; }
  /// The potential's table name ("LJ", "MUELLERBROWN", "MLP3", "MLPVB3", "BINARY").
  const std::string& name() const { return name_; }
  /// The potential; throws std::logic_error when the system was built without it.
  const Potential& potential() const;
  bool has_potential() const { return potential_ != nullptr; }
  std::size_t n_dof() const { return n_dof_; }
  std::size_t n_atoms() const { return atoms() ? n_dof_ / 3 : 0; }
  /// Hessian eigenvalues of overall motion: 6 for a cluster of 3 or more atoms (5 for 2), 3 for a
  /// bulk system (translations), else 0.
  std::size_t n_zero_modes() const { return n_zero_modes_; }
  /// The network's shape (MLP3, MLPVB3).
  const std::optional<MlpShape>& network() const { return network_; }
  StepKind step_kind() const {
    return kind_ == SystemKind::kCluster ? StepKind::kCluster : StepKind::kUniform;
  }
  /// Bytes of one record of points.min / points.ts: n_dof native doubles.
  std::size_t points_record_bytes() const { return n_dof_ * sizeof(double); }
  /// One line for the log.
  const std::string& description() const { return description_; }
  /// How many coordinates the system has, for messages about a count that does not match:
  /// "MUELLERBROWN has 2 variables (x and y)", "MLP3 with Nin 2, Nhid 3, Nout 2 has 12 weights".
  const std::string& size_statement() const { return size_statement_; }

  /// The structure metric of this system: keywords holds what the program's keywords say
  /// (PERMDIST, RANROT, perm.allow, SEED, EDIFFTOL, GEOMDIFFTOL, ITOL); whether the coordinates
  /// are atoms, the box and species of a bulk system and the network's shape come from the
  /// system.
  StructureMetric structure_metric(StructureMetricSettings keywords) const;

  /// The potential as its concrete type (LennardJones, MlpLoss, ...), or null.
  template <class P>
  const P* potential_as() const {
    return dynamic_cast<const P*>(potential_.get());
  }

 private:
  friend System make_system(const SystemRequest& request);
  SystemKind kind_ = SystemKind::kCluster;
  std::string name_;
  std::unique_ptr<Potential> potential_;
  std::size_t n_dof_ = 0;
  std::size_t n_zero_modes_ = 0;
  std::optional<MlpShape> network_;
  std::optional<std::array<double, 3>> box_;
  std::optional<std::vector<std::vector<std::size_t>>> species_;
  std::string description_;
  std::string size_statement_;
};

/// One entry of the potential table: a name (the keyword that selects it), the kind of system,
/// how many coordinates it has for a request, and how to build it.
struct PotentialEntry {
  std::string_view name;
  SystemKind kind;
  std::string_view summary;      ///< what the potential is, for the description and the docs
  std::string_view coordinates;  ///< what its coordinates are ("weights", "variables (x and y)")
  /// The number of coordinates, or a message why the request cannot give one
  /// (std::invalid_argument).
  std::function<std::size_t(const SystemRequest&)> n_dof;
  /// Builds the potential; InputError (file:line) for bad data files, std::invalid_argument for
  /// bad keyword values.
  std::function<std::unique_ptr<Potential>(const SystemRequest&)> make;
};

/// Every potential the suite knows, in one table (common/landscape/potential_registry.cpp).
const std::vector<PotentialEntry>& potential_table();

/// The entry of a name (case-insensitive), or null.
const PotentialEntry* find_potential(std::string_view name);

/// Builds the system of a request: the potential by name from the table, its size, zero modes and
/// description. Throws std::invalid_argument for an unknown name or sizes that do not fit (a
/// cluster whose coordinate count is not a multiple of 3, a network without its keyword values, a
/// bulk system without its box, a box for a system that is not periodic), and InputError for a bad
/// MLPdata.
System make_system(const SystemRequest& request);

}  // namespace landscape
