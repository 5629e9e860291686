#include "gmin/gmin_system.hpp"

#include <fmt/format.h>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/mlsup_step.hpp"

namespace landscape::gmin {
namespace {

/// Seed offset of the random start weights, so they do not replay the basin-hopping stream.
constexpr std::uint64_t kStartWeightsStream = 0x5eed0001;

void make_network(GminSystem& sys, const GminOptions& opt,
                  const keywords::KeywordTable<GminOptions>::Result& parsed,
                  const std::filesystem::path& dir, keywords::DiagnosticSink& problems) {
  const MlpKeywordOptions& m = *opt.mlp;
  const auto* occ = parsed.find(m.keyword);
  const int line = occ ? occ->line : 0;
  const std::filesystem::path mlp_data = dir / "MLPdata";
  if (!std::filesystem::exists(mlp_data)) {
    problems.in_file(
        "MLPdata",
        fmt::format(
            "file not found ({} reads its training data from it; `gmin --dataset` writes one)",
            m.keyword));
    return;
  }
  try {
    SystemRequest request;
    request.potential = m.keyword;
    request.mlp = m;
    request.mlp_data = mlp_data;
    sys.system = make_system(request);
    sys.network = sys.system.potential_as<MlpLoss>();
  } catch (const InputError& e) {
    problems.message(e.what());
    return;
  } catch (const std::invalid_argument& e) {
    problems.at(line, m.keyword, e.what());
    return;
  }
  if (opt.mlp_test) {
    const auto* t = parsed.find("MLPTESTDATA");
    const std::filesystem::path file = dir / opt.mlp_test->file;
    if (!std::filesystem::exists(file)) {
      problems.at(t ? t->line : 0, "MLPTESTDATA",
                  fmt::format("file '{}' not found", opt.mlp_test->file));
    } else {
      try {
        sys.test_data =
            read_mlp_data(file, m.layout(), static_cast<std::size_t>(m.n_in),
                          static_cast<std::size_t>(m.n_in_start), static_cast<std::size_t>(m.n_out),
                          static_cast<std::size_t>(opt.mlp_test->n_data));
      } catch (const InputError& e) {
        problems.message(e.what());
      }
    }
  }
  const std::size_t n = sys.system.n_dof();
  const std::filesystem::path coords = dir / "coords";
  if (std::filesystem::exists(coords)) {
    try {
      sys.start = read_coords_file(coords, 1);
      if (sys.start.size() != n)
        problems.in_file("coords",
                         fmt::format("holds {} values but {} {} {} {} has {} weights (one a line)",
                                     sys.start.size(), m.keyword, m.n_in, m.n_hidden, m.n_out, n));
    } catch (const InputError& e) {
      problems.message(e.what());
    }
  } else {
    sys.start = random_start_weights(n, opt.ranseed);
  }
  sys.radius = 0.0;
  sys.distance = network_distance(sys.network->shape());
  sys.description = fmt::format(
      "{} network: {} inputs, {} tanh hidden nodes, {} outputs, {} weights; {} training items from "
      "MLPdata, lambda {:g}{}; start weights {}",
      m.keyword, m.n_in, m.n_hidden, m.n_out, n, m.n_data, m.lambda,
      sys.test_data
          ? fmt::format(", {} test items from {}", sys.test_data->size(), opt.mlp_test->file)
          : "",
      std::filesystem::exists(coords) ? "from coords" : "random (RANSEED)");
}

/// The start coordinates of atoms from `coords` (x y z a line); false, with the problem reported,
/// when the file is missing or malformed.
bool read_atom_coordinates(GminSystem& sys, const std::filesystem::path& dir,
                           keywords::DiagnosticSink& problems) {
  const std::filesystem::path coords = dir / "coords";
  if (!std::filesystem::exists(coords)) {
    problems.in_file("coords",
                     "file not found (gmin needs the start coordinates, x y z for each atom)");
    return false;
  }
  try {
    sys.start = read_coords_file(coords, 3);
  } catch (const InputError& e) {
    problems.message(e.what());
    return false;
  }
  return true;
}

void make_cluster(GminSystem& sys, const GminOptions& opt, const std::filesystem::path& dir,
                  keywords::DiagnosticSink& problems) {
  if (!read_atom_coordinates(sys, dir, problems)) return;
  SystemRequest request;
  request.potential = "LJ";
  request.n_coordinates = sys.start.size();
  sys.system = make_system(request);
  sys.cluster = sys.system.potential_as<LennardJones>();
  const std::size_t n_atoms = sys.system.n_atoms();
  sys.radius = opt.radius.value_or(default_container_radius(n_atoms, kLennardJonesPairDistance));
  sys.distance = avoid_cluster_distance;
  sys.description =
      fmt::format("Lennard-Jones cluster of {} atoms; container radius {:.6f}{}", n_atoms,
                  sys.radius, opt.radius ? "" : " (GMIN's default for this atom count)");
}

/// The periodic binary Lennard-Jones of BINARY, PERIODIC and SHIFTCUT over the atoms of coords.
void make_bulk(GminSystem& sys, const GminOptions& opt,
               const keywords::KeywordTable<GminOptions>::Result& parsed,
               const std::filesystem::path& dir, keywords::DiagnosticSink& problems) {
  const auto line_of = [&](const char* k) {
    const auto* o = parsed.find(k);
    return o ? o->line : 0;
  };
  if (!opt.binary) {
    for (const char* k : {"PERIODIC", "SHIFTCUT"})
      if (const int line = line_of(k))
        problems.at(line, k,
                    fmt::format("{} belongs to BINARY (the periodic binary Lennard-Jones, the only "
                                "periodic potential here): give BINARY too",
                                k));
    return;
  }
  if (opt.mlp) {
    problems.at(line_of("BINARY"), "BINARY",
                fmt::format("a second potential: {} was given too", opt.mlp->keyword));
    return;
  }
  if (!opt.periodic)
    problems.at(line_of("BINARY"), "BINARY", "needs PERIODIC with the box lengths");
  if (!opt.shiftcut)
    problems.at(line_of("BINARY"), "BINARY",
                "needs SHIFTCUT with the cut-off (only the shifted, truncated potential is "
                "implemented)");
  if (!opt.periodic || !opt.shiftcut) return;
  if (!read_atom_coordinates(sys, dir, problems)) return;
  BinaryLjParameters p = *opt.binary;
  p.box = *opt.periodic;
  p.cutoff = *opt.shiftcut;
  const std::size_t n_atoms = sys.start.size() / 3;
  if (p.n_a > n_atoms) {
    problems.at(line_of("BINARY"), "BINARY",
                fmt::format("ntypea {} is more than the {} atoms of coords", p.n_a, n_atoms));
    return;
  }
  if (const std::string why = p.problem(n_atoms); !why.empty()) {
    problems.at(line_of("SHIFTCUT"), "SHIFTCUT", why);
    return;
  }
  SystemRequest request;
  request.potential = "BINARY";
  request.n_coordinates = sys.start.size();
  request.binary = p;
  sys.system = make_system(request);
  sys.radius = 0.0;
  StructureMetricSettings avoid;
  avoid.permutations = true;
  sys.distance = [metric = sys.system.structure_metric(avoid)](std::span<const double> a,
                                                               std::span<const double> b) {
    return metric.distance(a, b);
  };
  sys.description = sys.system.description();
}

}  // namespace

std::vector<double> random_start_weights(std::size_t n, std::uint64_t ranseed) {
  Rng rng(ranseed + kStartWeightsStream);
  std::vector<double> w(n);
  for (auto& v : w) v = rng.symmetric();
  return w;
}

std::function<double(std::span<const double>, std::span<const double>)> network_distance(
    const MlpShape& shape) {
  return [shape](std::span<const double> a, std::span<const double> b) {
    return aligned_distance(a, b, shape);
  };
}

GminSystem make_gmin_system(const GminOptions& options,
                            const keywords::KeywordTable<GminOptions>::Result& parsed,
                            const std::filesystem::path& dir, keywords::DiagnosticSink& problems) {
  GminSystem sys;
  if (options.mlmin || options.mlsup)
    make_mlsup_system(sys, options, parsed, dir, problems);
  else if (options.binary || options.periodic || options.shiftcut)
    make_bulk(sys, options, parsed, dir, problems);
  else if (options.mlp)
    make_network(sys, options, parsed, dir, problems);
  else
    make_cluster(sys, options, dir, problems);
  return sys;
}

}  // namespace landscape::gmin
