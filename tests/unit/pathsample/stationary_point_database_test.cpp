// StationaryPointDatabase: identity of stationary points by energy (EDIFFTOL), moments of inertia
// (ITOL, clusters only) and distance (GEOMDIFFTOL); discovery order that survives reopening;
// lnprodfreq from the counted Hessian eigenvalues; triples whose "minimum" has a negative mode or
// whose transition state has none refused; MERGEDB's renumbering. On Mueller-Brown's known
// stationary points and on the LJ7 global minimum.
#include "pathsample/stationary_point_database.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/io/errors.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::pathsample {
namespace {

using testing::kMuellerBrownMinima;
using testing::kMuellerBrownSaddles;

constexpr double kEdifftol = 1e-6;
constexpr double kGeomdifftol = 1e-2;

/// Identity settings of a two-variable system (Euclidean distance, no zero modes).
IdentitySettings plane_identity() {
  IdentitySettings s;
  s.metric.energy_tolerance = kEdifftol;
  s.metric.distance_tolerance = kGeomdifftol;
  return s;
}

/// A minimum record of Mueller-Brown at x.
MinimumRecord mb_minimum(const std::vector<double>& x) {
  MinimumRecord r;
  r.energy = MuellerBrown().energy(x);
  r.coords = x;
  r.inertia = {1.0, 1.0, 1.0};
  return r;
}

/// x moved by dx along the first coordinate.
std::vector<double> moved(std::vector<double> x, double dx) {
  x[0] += dx;
  return x;
}

/// The triple of Mueller-Brown's upper saddle between its deepest and its middle minimum.
PathInfoTriple upper_triple() {
  const MuellerBrown mb;
  return {testing::path_info_point(mb, kMuellerBrownMinima[0]),
          testing::path_info_point(mb, kMuellerBrownSaddles[0]),
          testing::path_info_point(mb, kMuellerBrownMinima[2])};
}

TEST(StationaryPointDatabase, TheKnownPointsHaveTheirIndex) {
  const MuellerBrown mb;
  for (const auto& x : kMuellerBrownMinima)
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, x)), 0) << x[0] << " " << x[1];
  for (const auto& x : kMuellerBrownSaddles)
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, x)), 1) << x[0] << " " << x[1];
}

TEST(StationaryPointDatabase, MinimaAreTheSameWithinEdifftolAndGeomdifftolOnly) {
  const auto dir = testing::scratch_dir("spdb-identity");
  auto db = StationaryPointDatabase::open(dir, 2, plane_identity());
  const MinimumRecord a = mb_minimum(kMuellerBrownMinima[0]);
  EXPECT_EQ(db.add_minimum(a), std::make_pair(std::size_t{0}, true));

  MinimumRecord close = a;  // within both tolerances
  close.energy += 0.5 * kEdifftol;
  close.coords = moved(a.coords, 0.5 * kGeomdifftol);
  EXPECT_EQ(db.add_minimum(close), std::make_pair(std::size_t{0}, false));
  EXPECT_EQ(db.find_minimum(close.coords, close.energy, close.inertia),
            std::optional<std::size_t>(0));

  MinimumRecord other_energy = a;  // same place, energy beyond EDIFFTOL
  other_energy.energy += 2.0 * kEdifftol;
  EXPECT_FALSE(db.find_minimum(other_energy.coords, other_energy.energy, other_energy.inertia));
  EXPECT_EQ(db.add_minimum(other_energy), std::make_pair(std::size_t{1}, true));

  MinimumRecord other_place = a;  // same energy, beyond GEOMDIFFTOL
  other_place.coords = moved(a.coords, 2.0 * kGeomdifftol);
  EXPECT_EQ(db.add_minimum(other_place), std::make_pair(std::size_t{2}, true));
  EXPECT_EQ(db.n_minima(), 3u);
}

TEST(StationaryPointDatabase, InertiaToleranceSeparatesClustersOnly) {
  // ITOL takes part for atoms; the same LJ7 coordinates with moments beyond ITOL are another
  // minimum, within ITOL the same one.
  const auto x = testing::lj7_pentagonal_bipyramid();
  IdentitySettings s;
  s.metric.atoms = true;
  s.metric.energy_tolerance = kEdifftol;
  s.metric.distance_tolerance = kGeomdifftol;
  s.metric.inertia_tolerance = 0.1;
  s.zero_modes = 6;
  const auto dir = testing::scratch_dir("spdb-itol");
  auto db = StationaryPointDatabase::open(dir, 21, s);
  MinimumRecord m;
  m.energy = testing::kLj7GlobalMinimum;
  m.coords = x;
  m.inertia = {1.0, 2.0, 3.0};
  EXPECT_TRUE(db.add_minimum(m).second);
  m.inertia[2] += 0.05;
  EXPECT_EQ(db.add_minimum(m), std::make_pair(std::size_t{0}, false));
  m.inertia[2] += 0.5;
  EXPECT_EQ(db.add_minimum(m), std::make_pair(std::size_t{1}, true));

  // Without atoms the moments are not compared.
  IdentitySettings plane = plane_identity();
  plane.metric.inertia_tolerance = 0.1;
  auto flat = StationaryPointDatabase::open(testing::scratch_dir("spdb-itol-plane"), 2, plane);
  MinimumRecord p = mb_minimum(kMuellerBrownMinima[1]);
  EXPECT_TRUE(flat.add_minimum(p).second);
  p.inertia = {5.0, 6.0, 7.0};
  EXPECT_EQ(flat.add_minimum(p), std::make_pair(std::size_t{0}, false));
}

TEST(StationaryPointDatabase, EntriesKeepTheirDiscoveryOrderAcrossReopening) {
  const auto dir = testing::scratch_dir("spdb-order");
  {
    auto db = StationaryPointDatabase::open(dir, 2, plane_identity());
    // Discovery order, not energy order: the middle minimum first, then the deepest.
    for (std::size_t k : {2u, 0u, 1u})
      EXPECT_TRUE(db.add_minimum(mb_minimum(kMuellerBrownMinima[k])).second);
  }
  auto db = StationaryPointDatabase::open(dir, 2, plane_identity());
  EXPECT_TRUE(db.repairs().empty());
  ASSERT_EQ(db.n_minima(), 3u);
  const std::size_t order[] = {2, 0, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(db.minima()[i].coords, kMuellerBrownMinima[order[i]]);
    // The energy index is rebuilt: each is found again, and added only once.
    const MinimumRecord again = mb_minimum(kMuellerBrownMinima[order[i]]);
    EXPECT_EQ(db.add_minimum(again), std::make_pair(i, false));
  }
  EXPECT_EQ(db.add_minimum(mb_minimum(moved(kMuellerBrownMinima[1], 0.1))).first, 3u);
}

TEST(StationaryPointDatabase, LnprodfreqSumsTheLogsOfTheCountedEigenvalues) {
  IdentitySettings s = plane_identity();
  s.zero_modes = 2;
  const auto db = StationaryPointDatabase::open(testing::scratch_dir("spdb-lnprod"), 4, s);
  PathInfoPoint minimum;
  minimum.energy = -3.5;
  minimum.pgorder = 4;
  minimum.coords = {0.0, 1.0, 2.0, 3.0};
  minimum.eigenvalues = {5.0, 2.0, 1e-9, -1e-9};  // two zero modes, nearest zero
  const MinimumRecord m = db.record_of(minimum, false);
  EXPECT_DOUBLE_EQ(m.lnprodfreq, std::log(5.0) + std::log(2.0));
  EXPECT_EQ(m.pgorder, 4);
  EXPECT_EQ(m.energy, -3.5);
  EXPECT_EQ(m.coords, minimum.coords);
  EXPECT_EQ(m.inertia, (std::array<double, 3>{1.0, 1.0, 1.0}));  // not a cluster

  PathInfoPoint ts = minimum;  // the negative eigenvalue is left out too
  ts.eigenvalues = {5.0, 3.0, 1e-9, -1e-9, -4.0};
  EXPECT_DOUBLE_EQ(db.record_of(ts, true).lnprodfreq, std::log(5.0) + std::log(3.0));

  PathInfoPoint no_frequencies = minimum;  // NOFRQS
  no_frequencies.eigenvalues.clear();
  EXPECT_EQ(db.record_of(no_frequencies, false).lnprodfreq, 0.0);

  // Mueller-Brown's deepest minimum: the sum over both of its eigenvalues.
  const MuellerBrown mb;
  const auto plane =
      StationaryPointDatabase::open(testing::scratch_dir("spdb-lnprod-mb"), 2, plane_identity());
  const auto e = testing::hessian_eigenvalues(mb, kMuellerBrownMinima[0]);
  EXPECT_NEAR(
      plane.record_of(testing::path_info_point(mb, kMuellerBrownMinima[0]), false).lnprodfreq,
      std::log(e[0]) + std::log(e[1]), 1e-12);
}

TEST(StationaryPointDatabase, AMinimumWithANegativeModeOrATransitionStateWithNoneIsRefused) {
  const MuellerBrown mb;
  const auto dir = testing::scratch_dir("spdb-refuse");
  auto db = StationaryPointDatabase::open(dir, 2, plane_identity());
  // A saddle offered as a minimum.
  EXPECT_THROW(db.record_of(testing::path_info_point(mb, kMuellerBrownSaddles[0]), false),
               InputError);
  // A minimum offered as a transition state.
  EXPECT_THROW(db.record_of(testing::path_info_point(mb, kMuellerBrownMinima[0]), true),
               InputError);

  AddCounts counts;
  std::string why;
  PathInfoTriple swapped = upper_triple();
  std::swap(swapped.min1, swapped.ts);  // "minimum" 1 is the saddle, the "saddle" a minimum
  EXPECT_FALSE(db.add_triple(swapped, counts, &why));
  EXPECT_EQ(counts.rejected, 1u);
  EXPECT_NE(why.find("non-positive Hessian eigenvalue"), std::string::npos) << why;

  PathInfoTriple flat = upper_triple();
  flat.ts = testing::path_info_point(mb, kMuellerBrownMinima[1]);  // no negative mode
  why.clear();
  EXPECT_FALSE(db.add_triple(flat, counts, &why));
  EXPECT_EQ(counts.rejected, 2u);
  EXPECT_NE(why.find("no negative Hessian eigenvalue"), std::string::npos) << why;

  // Nothing was written.
  EXPECT_EQ(db.n_minima(), 0u);
  EXPECT_EQ(db.n_ts(), 0u);
  EXPECT_EQ(counts.new_minima + counts.known_minima + counts.new_ts + counts.known_ts, 0u);
  EXPECT_EQ(std::filesystem::file_size(dir / "min.data"), 0u);
}

TEST(StationaryPointDatabase, ATripleAddsItsMinimaThenItsTransitionStateOnce) {
  const auto dir = testing::scratch_dir("spdb-triple");
  auto db = StationaryPointDatabase::open(dir, 2, plane_identity());
  AddCounts counts;
  const auto pair = db.add_triple(upper_triple(), counts);
  ASSERT_TRUE(pair);
  EXPECT_EQ(*pair, std::make_pair(std::size_t{0}, std::size_t{1}));
  EXPECT_EQ(counts.new_minima, 2u);
  EXPECT_EQ(counts.new_ts, 1u);
  ASSERT_EQ(db.n_ts(), 1u);
  const TransitionStateRecord& t = db.transition_states()[0];
  EXPECT_EQ(t.min1, 1u);  // 1-based, as ts.data holds them
  EXPECT_EQ(t.min2, 2u);
  EXPECT_GT(t.energy, std::max(db.minima()[0].energy, db.minima()[1].energy));
  EXPECT_EQ(t.coords, kMuellerBrownSaddles[0]);

  // The same triple again, and its reverse: nothing new.
  PathInfoTriple reverse = upper_triple();
  std::swap(reverse.min1, reverse.min2);
  EXPECT_EQ(db.add_triple(upper_triple(), counts), pair);
  EXPECT_EQ(db.add_triple(reverse, counts), std::make_pair(std::size_t{1}, std::size_t{0}));
  EXPECT_EQ(counts.known_minima, 4u);
  EXPECT_EQ(counts.known_ts, 2u);
  EXPECT_EQ(db.n_minima(), 2u);
  EXPECT_EQ(db.n_ts(), 1u);
  EXPECT_EQ(testing::read_file(dir / "ts.data").find('\n'),
            testing::read_file(dir / "ts.data").size() - 1);
}

TEST(StationaryPointDatabase, MergeRenumbersTheOtherDatabasesMinima) {
  const MuellerBrown mb;
  auto here =
      StationaryPointDatabase::open(testing::scratch_dir("spdb-merge-here"), 2, plane_identity());
  auto there =
      StationaryPointDatabase::open(testing::scratch_dir("spdb-merge-there"), 2, plane_identity());
  AddCounts counts;
  ASSERT_TRUE(here.add_triple(upper_triple(), counts));  // deep 1, middle 2
  // There: the lower saddle between the middle and the second-deepest minimum.
  const PathInfoTriple lower{testing::path_info_point(mb, kMuellerBrownMinima[1]),
                             testing::path_info_point(mb, kMuellerBrownSaddles[1]),
                             testing::path_info_point(mb, kMuellerBrownMinima[2])};
  ASSERT_TRUE(there.add_triple(lower, counts));  // second-deepest 1, middle 2
  AddCounts merged;
  const std::vector<std::size_t> map = here.merge(there, merged);
  EXPECT_EQ(map, (std::vector<std::size_t>{2, 1}));  // the middle minimum is known here
  EXPECT_EQ(merged.new_minima, 1u);
  EXPECT_EQ(merged.known_minima, 1u);
  EXPECT_EQ(merged.new_ts, 1u);
  ASSERT_EQ(here.n_ts(), 2u);
  EXPECT_EQ(here.transition_states()[1].min1, 3u);
  EXPECT_EQ(here.transition_states()[1].min2, 2u);
  // Merging again adds nothing.
  AddCounts again;
  EXPECT_EQ(here.merge(there, again), map);
  EXPECT_EQ(again.new_minima + again.new_ts, 0u);
}

}  // namespace
}  // namespace landscape::pathsample
