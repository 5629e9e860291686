// Micro-benchmark of the Lennard-Jones hot path: energy and energy+gradient of LJ38 (and a few
// other sizes), on compact clusters like the ones basin-hopping quenches.

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"

namespace {

/// n atoms on a simple cubic lattice of spacing 1.1 filled shell by shell, each moved by up to
/// +-0.1 in every coordinate: a compact cluster with no close contacts.
std::vector<double> compact_cluster(int n) {
  landscape::Rng rng(7);
  std::vector<double> x;
  const int side = static_cast<int>(std::ceil(std::cbrt(static_cast<double>(n))));
  for (int i = 0; i < side && static_cast<int>(x.size()) < 3 * n; ++i)
    for (int j = 0; j < side && static_cast<int>(x.size()) < 3 * n; ++j)
      for (int k = 0; k < side && static_cast<int>(x.size()) < 3 * n; ++k)
        x.insert(x.end(), {1.1 * i + rng.uniform(-0.1, 0.1), 1.1 * j + rng.uniform(-0.1, 0.1),
                           1.1 * k + rng.uniform(-0.1, 0.1)});
  return x;
}

void BM_LjEnergyGradient(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const landscape::LennardJones lj(static_cast<std::size_t>(n));
  const std::vector<double> x = compact_cluster(n);
  std::vector<double> g(x.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(lj.energy_gradient(x, g));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pairs"] = n * (n - 1) / 2.0;
}

void BM_LjEnergy(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const landscape::LennardJones lj(static_cast<std::size_t>(n));
  const std::vector<double> x = compact_cluster(n);
  for (auto _ : state) benchmark::DoNotOptimize(lj.energy(x));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_LjEnergyGradient)->Arg(13)->Arg(38)->Arg(75)->Arg(150);
BENCHMARK(BM_LjEnergy)->Arg(38);

BENCHMARK_MAIN();
