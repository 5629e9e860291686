// optim_ts_bench: the cost of transition states in gradient evaluations, and of DNEB bands in
// iterations and time, for LJ7, LJ38 and a spiral network (see bench/README.md, "optim_ts_bench").
//
// LJ38 uses the real OPTIM's own output for the tutorial (03_optim/path.info.expected): its 13
// min-TS-min triples give 13 pairs of minima one rearrangement apart (consistent atom labels) and
// 13 transition states. For each pair a band is optimised with the tutorial's settings and its
// candidates refined; each of OPTIM's transition states, perturbed, is searched for again.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/geometry/rigid_alignment.hpp"
#include "common/landscape/path_info.hpp"
#include "common/ml/datasets.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"
#include "optim/counting_potential.hpp"
#include "optim/dneb.hpp"
#include "optim/hybrid_eigenvector_following.hpp"

namespace landscape::optim {
namespace {

/// The first lines of --help.
constexpr const char* kAbout =
    "Gradient evaluations per transition state, DNEB iterations and time per band for LJ7, "
    "the\nLJ38 tutorial's 13 transition states and a spiral network.";

struct Settings {
  std::filesystem::path examples = LANDSCAPE_LJ38_EXAMPLES;
  int perturbations = 20;   // single-ended searches per system
  double amplitude = 0.05;  // largest displacement of a coordinate from the transition state
  std::uint64_t seed = 1;
};

/// The tutorial's hybrid eigenvector-following settings (03_optim/odata): BFGSTS 50 3 25 0.0001,
/// MAXSTEP 0.1, MAXMAX 0.2, TRAD 0.2, UPDATES 10 10, MAXBFGS 0.2 0.2, STEPS 200.
HefOptions tutorial_hef(EigenMethod method) {
  HefOptions h;
  h.max_steps = 200;
  h.eigen.method = method;
  h.eigen.max_iterations = 50;
  h.eigen.rms_tolerance = 1e-4;
  h.eigen.memory = 10;
  h.eigen.max_step = 0.2;
  h.ncgmax1 = 3;
  h.ncgmax2 = 25;
  h.tangent.memory = 10;
  h.tangent.max_step = 0.2;
  h.max_step = 0.1;
  h.max_max = 0.2;
  h.trust_ratio = 0.2;
  return h;
}

/// Mean gradient evaluations (plus Hessians) per converged transition state.
struct Tally {
  int searches = 0, converged = 0, steps = 0, eigen_iterations = 0, tangent_iterations = 0;
  int same = -1;  ///< converged back to the transition state perturbed (-1: not counted)
  std::size_t gradients = 0, hessians = 0;
  double seconds = 0.0;
  void print(const char* label) const {
    const double c = std::max(1, converged);
    fmt::print(
        "  {:<44} {:3d}/{:<3d} converged  {:8.0f} gradient evaluations/TS  {:6.1f} Hessians/TS  "
        "{:8.4f} s/TS\n",
        label, converged, searches, static_cast<double>(gradients) / c,
        static_cast<double>(hessians) / c, seconds / c);
    fmt::print(
        "  {:<44} {:5.1f} steps/TS, {:6.1f} Rayleigh-Ritz and {:6.1f} tangent-space "
        "iterations/TS{}\n",
        "", steps / c, eigen_iterations / c, tangent_iterations / c,
        same < 0 ? std::string() : fmt::format("; {} back at the perturbed TS", same));
  }
};

/// Single-ended searches from perturbed copies of each transition state.
Tally perturbed_searches(const Potential& potential,
                         const std::vector<std::vector<double>>& saddles, EigenMethod method,
                         const Settings& s, bool atoms = true,
                         const HefOptions* hef_options = nullptr) {
  Tally t;
  t.same = 0;
  Rng rng(s.seed);
  const CountingPotential counted(potential);
  for (const auto& ts : saddles)
    for (int k = 0; k < s.perturbations; ++k) {
      std::vector<double> x = ts, guess(ts.size());
      for (double& v : x) v += s.amplitude * rng.symmetric();
      for (double& v : guess) v = rng.symmetric();
      const auto before = counted.counts();
      const auto t0 = std::chrono::steady_clock::now();
      HefOptions h = hef_options ? *hef_options : tutorial_hef(method);
      h.eigen.method = method;
      const HefResult r = HybridEigenvectorFollowing(counted, h, atoms).run(x, guess);
      t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      ++t.searches;
      if (!r.converged()) continue;
      ++t.converged;
      t.steps += r.steps;
      t.eigen_iterations += r.eigen_iterations;
      t.tangent_iterations += r.tangent_iterations;
      t.gradients += counted.counts().gradient - before.gradient;
      t.hessians += counted.counts().hessian - before.hessian;
      t.same += std::abs(r.energy - potential.energy(ts)) < 1e-6;
    }
  return t;
}

/// Bands between pairs of minima, their candidates refined.
struct BandTally {
  double rms_tolerance = 0.0;
  long long image_iterations = 0;  ///< sum over bands of images x iterations
  int bands = 0, converged_bands = 0, iterations = 0, images = 0, found_reference = 0;
  double seconds = 0.0;
  Tally ts;
  std::vector<std::vector<double>> saddles;  ///< the transition states found
  std::string ts_method = "NOHESS";
};

/// Settings of the bands between each pair (defaults: the tutorial's, for clusters).
struct BandSettings {
  bool atoms = true;
  double image_density = 20.0;  // images per unit distance
  int image_max = 30;
  int iterations_per_image = 20;
  double rms_tolerance = 0.025;
  double spring_constant = 10.0;
  HefOptions hef = tutorial_hef(EigenMethod::kGradientDifferences);
};

BandTally bands(const Potential& potential, const std::vector<PathInfoTriple>& triples,
                const BandSettings& bs) {
  BandTally b;
  b.rms_tolerance = bs.rms_tolerance;
  const CountingPotential counted(potential);
  for (const auto& t : triples) {
    std::vector<double> start = t.min1.coords, finish = t.min2.coords;
    if (bs.atoms) align_rigidly(start, finish);
    DnebOptions o;
    double d2 = 0.0;
    for (std::size_t i = 0; i < start.size(); ++i)
      d2 += (start[i] - finish[i]) * (start[i] - finish[i]);
    o.images = static_cast<int>(
        std::clamp(bs.image_density * std::sqrt(d2), 2.0, static_cast<double>(bs.image_max)));
    o.max_iterations = bs.iterations_per_image * o.images;
    o.rms_tolerance = bs.rms_tolerance;
    o.spring_constant = bs.spring_constant;
    const DnebResult band = DoublyNudgedElasticBand(counted, o).run(start, finish);
    ++b.bands;
    b.converged_bands += band.converged() ? 1 : 0;
    b.iterations += band.iterations;
    b.images += o.images;
    b.image_iterations += static_cast<long long>(o.images) * band.iterations;
    b.seconds += band.seconds;
    bool found = false;
    for (std::size_t i : band.candidates) {
      const auto before = counted.counts();
      const auto t0 = std::chrono::steady_clock::now();
      const HefResult r = HybridEigenvectorFollowing(counted, bs.hef, bs.atoms)
                              .run(band.images[i], band.tangents[i - 1]);
      b.ts.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      ++b.ts.searches;
      if (!r.converged()) continue;
      ++b.ts.converged;
      b.ts.steps += r.steps;
      b.ts.eigen_iterations += r.eigen_iterations;
      b.ts.tangent_iterations += r.tangent_iterations;
      b.ts.gradients += counted.counts().gradient - before.gradient;
      b.ts.hessians += counted.counts().hessian - before.hessian;
      b.saddles.push_back(r.x);
      if (std::abs(r.energy - t.ts.energy) < 1e-6) found = true;
    }
    b.found_reference += found;
  }
  return b;
}

void print_bands(const char* label, const BandTally& b, bool reference = true) {
  fmt::print(
      "  {}: {} bands ({} converged to RMS {:g}), {:.1f} images and {:.0f} iterations a band, "
      "{:.4f} s a band ({:.1f} us an iteration, {:.2f} us an image-iteration)\n",
      label, b.bands, b.converged_bands, b.rms_tolerance, static_cast<double>(b.images) / b.bands,
      static_cast<double>(b.iterations) / b.bands, b.seconds / b.bands,
      1e6 * b.seconds / std::max(1, b.iterations),
      1e6 * b.seconds / static_cast<double>(std::max(1LL, b.image_iterations)));
  if (reference)
    fmt::print("    OPTIM's transition state of the triple found again in {}/{} bands\n",
               b.found_reference, b.bands);
  b.ts.print(fmt::format("candidates refined ({})", b.ts_method).c_str());
}

int run(const Settings& s) {
  // --- LJ7: the pentagonal bipyramid and capped octahedron pair and their transition state. ---
  const LennardJones lj7(7);
  const std::vector<double> pbp = {0.946506022188440,  -0.035081076006453, 0.085262866300608,
                                   0.309019177388778,  0.884411382591185,  -0.022986033774589,
                                   -0.760001083967654, 0.554908248241668,  -0.133426281792212,
                                   -0.783205095380120, -0.568228346767432, -0.093433208333711,
                                   0.271474298289172,  -0.932861802144060, 0.041724118021620,
                                   -0.068767645538431, 0.002269764020440,  0.545134339722208,
                                   0.062284972919817,  -0.041010401635348, -0.594277755543922};
  const std::vector<double> co = {0.911392612939445,  -0.009713358316655, 0.020512610204803,
                                  0.024233500878721,  0.651978323485067,  0.158916263048527,
                                  -0.815278415149159, 0.618063076127932,  -0.578667012569230,
                                  -0.648097459393241, -0.242210423102942, 0.115551702386226,
                                  0.240364529774540,  -0.902169300510960, -0.022767916399411,
                                  0.189970252274104,  -0.207091500666570, 0.850706049986746,
                                  0.074725624575591,  -0.044449048715875, -0.716253652057659};
  PathInfoTriple lj7_pair;
  lj7_pair.min1.coords = pbp;
  lj7_pair.min2.coords = co;
  lj7_pair.ts.energy = -15.444733800;
  const BandTally lj7_bands = bands(lj7, {lj7_pair}, BandSettings{});
  // The transition state itself, from the band's search, for the perturbed searches.
  std::vector<double> lj7_ts;
  {
    std::vector<double> finish = co;
    align_rigidly(pbp, finish);
    DnebOptions o;
    o.images = 10;
    o.spring_constant = 10.0;
    const DnebResult band = DoublyNudgedElasticBand(lj7, o).run(pbp, finish);
    const std::size_t i = band.candidates.at(0);
    lj7_ts = HybridEigenvectorFollowing(lj7, tutorial_hef(EigenMethod::kLapack), true)
                 .run(band.images[i], band.tangents[i - 1])
                 .x;
  }
  fmt::print("LJ7 (pentagonal bipyramid -> capped octahedron, transition state E = -15.4447338)\n");
  print_bands("DNEB", lj7_bands);
  perturbed_searches(lj7, {lj7_ts}, EigenMethod::kGradientDifferences, s)
      .print(fmt::format("perturbed TS, {} searches, NOHESS", s.perturbations).c_str());
  HefOptions first_order = tutorial_hef(EigenMethod::kGradientDifferences);
  first_order.eigen.formula = CurvatureFormula::kForwardDifferences;
  perturbed_searches(lj7, {lj7_ts}, EigenMethod::kGradientDifferences, s, true, &first_order)
      .print(fmt::format("perturbed TS, {} searches, NOHESS USEDIAG 3", s.perturbations).c_str());
  perturbed_searches(lj7, {lj7_ts}, EigenMethod::kLapack, s)
      .print(fmt::format("perturbed TS, {} searches, Hessian (NOIT)", s.perturbations).c_str());

  // --- LJ38: the 13 triples of the real OPTIM's tutorial path.info. ---
  const auto file = s.examples / "03_optim" / "path.info.expected";
  const std::vector<PathInfoTriple> triples = read_path_info(file, 114, true);
  std::vector<std::vector<double>> saddles;
  for (const auto& t : triples) saddles.push_back(t.ts.coords);
  const LennardJones lj38(38);
  fmt::print("LJ38 ({} min-TS-min triples of the real OPTIM's 03_optim/path.info.expected)\n",
             triples.size());
  print_bands("DNEB between the two minima of each triple", bands(lj38, triples, BandSettings{}));
  Settings few = s;
  few.perturbations = std::max(1, s.perturbations / 5);
  perturbed_searches(lj38, saddles, EigenMethod::kGradientDifferences, few)
      .print(
          fmt::format("perturbed TS, {} x {} searches, NOHESS", saddles.size(), few.perturbations)
              .c_str());
  perturbed_searches(lj38, saddles, EigenMethod::kGradientDifferences, few, true, &first_order)
      .print(fmt::format("perturbed TS, {} x {} searches, NOHESS USEDIAG 3", saddles.size(),
                         few.perturbations)
                 .c_str());
  perturbed_searches(lj38, saddles, EigenMethod::kLapack, few)
      .print(fmt::format("perturbed TS, {} x {} searches, Hessian (NOIT)", saddles.size(),
                         few.perturbations)
                 .c_str());

  // --- Spiral network: MLPVB3, 3 hidden nodes, 100 items, lambda 1e-4 (the regression test's). ---
  const MlpLoss loss(mlpvb3_shape(2, 3, 2), spiral(100, 0, 1).train, 1e-4);
  std::vector<std::vector<double>> minima;
  std::vector<double> energies;
  LbfgsOptions lo;
  lo.rms_tolerance = 1e-8;
  lo.max_iterations = 20000;
  for (std::uint64_t seed = 2; minima.size() < 10 && seed < 100; ++seed) {
    Rng rng(seed);
    std::vector<double> w(loss.n_dof());
    for (double& v : w) v = rng.symmetric();
    const MinimizeResult r = Lbfgs(lo).minimize(loss, w);
    bool known = !r.converged();
    for (double e : energies) known = known || std::abs(e - r.energy) < 1e-6;
    if (known) continue;
    minima.push_back(w);
    energies.push_back(r.energy);
  }
  std::vector<PathInfoTriple> pairs;
  for (std::size_t k = 1; k < minima.size(); ++k) {
    PathInfoTriple t;
    t.min1.coords = minima[0];
    t.min2.coords = minima[k];
    t.ts.energy = 1e300;
    pairs.push_back(std::move(t));
  }
  BandSettings net;
  net.atoms = false;
  net.image_density = 1e9;  // always image_max images
  net.image_max = 20;
  net.iterations_per_image = 100;
  net.rms_tolerance = 1e-4;
  net.spring_constant = 1.0;
  net.hef.max_steps = 300;
  net.hef.eigen.max_iterations = 200;
  net.hef.eigen.rms_tolerance = 1e-5;
  net.hef.ncgmax1 = 10;
  net.hef.ncgmax2 = 100;
  net.hef.max_step = 0.2;
  net.hef.max_max = 0.5;
  net.hef.trust_ratio = 2.0;
  net.hef.tangent.memory = 4;
  net.hef.eigen.memory = 4;
  net.hef.eigen.method = EigenMethod::kLapack;
  fmt::print(
      "Spiral network (MLPVB3 2 1 3 2 100 0.0001: 17 weights; {} distinct minima from random "
      "weights)\n",
      minima.size());
  BandTally net_bands = bands(loss, pairs, net);
  net_bands.ts_method = "Hessian";
  print_bands(fmt::format("DNEB from the first minimum to each other ({} images, k 1, RMS 1e-4)",
                          net.image_max)
                  .c_str(),
              net_bands, false);
  Settings net_s = s;
  net_s.perturbations = std::max(1, s.perturbations / 5);
  perturbed_searches(loss, net_bands.saddles, EigenMethod::kGradientDifferences, net_s, false,
                     &net.hef)
      .print(fmt::format("perturbed TS, {} x {} searches, NOHESS", net_bands.saddles.size(),
                         net_s.perturbations)
                 .c_str());
  HefOptions net_first_order = net.hef;
  net_first_order.eigen.formula = CurvatureFormula::kForwardDifferences;
  perturbed_searches(loss, net_bands.saddles, EigenMethod::kGradientDifferences, net_s, false,
                     &net_first_order)
      .print(fmt::format("perturbed TS, {} x {} searches, NOHESS USEDIAG 3",
                         net_bands.saddles.size(), net_s.perturbations)
                 .c_str());
  perturbed_searches(loss, net_bands.saddles, EigenMethod::kLapack, net_s, false, &net.hef)
      .print(fmt::format("perturbed TS, {} x {} searches, Hessian", net_bands.saddles.size(),
                         net_s.perturbations)
                 .c_str());

  fmt::print(
      "Reference, the real OPTIM on the tutorial (03_optim/optim.out.expected): 76942 "
      "energy+gradient\ncalls for the whole 5-cycle connection (9 DNEB bands, 13 transition "
      "states, 13 paths); its first\nband, 50 images, 303 iterations in 0.36 s (1188 us an "
      "iteration, 23.8 us an image-iteration).\n");
  return 0;
}

Settings parse_args(int argc, char** argv) {
  Settings s;
  bench::CommandLine app("optim_ts_bench", kAbout);
  app.add_option("--examples", s.examples, "the LJ38 tutorial")->check(CLI::ExistingDirectory);
  app.add_option("--perturbations", s.perturbations,
                 "single-ended searches per LJ7 transition state (a fifth, at least 1, per LJ38 "
                 "and network transition state)")
      ->check(bench::at_least(1));
  app.add_option("--amplitude", s.amplitude, "largest perturbation of a coordinate")
      ->check(bench::at_least(0));
  app.add_option("--seed", s.seed, "seed of the perturbations");
  app.parse_or_exit(argc, argv);
  return s;
}

}  // namespace
}  // namespace landscape::optim

int main(int argc, char** argv) {
  return landscape::optim::run(landscape::optim::parse_args(argc, argv));
}
