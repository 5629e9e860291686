// DatabaseRecorder (gmin's DATABASE): a minimum offered again, moved, turned and relabelled is a
// duplicate; a stationary point that is no minimum is refused with a warning; what is stored is a
// true minimum (no negative Hessian eigenvalue) with its point-group order; network minima are
// stored in canonical form, so every isomer of one is the same minimum; a reopened database keeps
// refusing what it holds.
#include "gmin/database_recorder.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "common/analysis/normal_modes.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "gmin/gmin_keywords.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/keyword_tables.hpp"
#include "tests/support/networks.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::gmin {
namespace {

constexpr const char* kDatabaseKeywords =
    "DATABASE 1.0D-6 1.0D-3\nTIGHTCONV 1.0D-8\nGEOMDIFFTOL 0.05\n";

/// A logger writing to a temporary file, whose text can be read back.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()), log_(file_) {}
  ~CapturedLog() { std::fclose(file_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  Logger& log() { return log_; }
  /// Everything logged so far.
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    for (int c; (c = std::fgetc(file_)) != EOF;) out += static_cast<char>(c);
    return out;
  }

 private:
  std::FILE* file_;
  Logger log_;
};

/// The system of a Lennard-Jones cluster of n_atoms (without its potential: the test owns one).
System cluster_system(std::size_t n_atoms) {
  SystemRequest r;
  r.n_coordinates = 3 * n_atoms;
  r.with_potential = false;
  return make_system(r);
}

/// The system of the MLPVB3 2 1 3 2 network of testing::spiral_loss.
System network_system() {
  SystemRequest r;
  r.potential = "MLPVB3";
  r.mlp = MlpKeywordOptions{true, 2, 1, 3, 2, 100, 1e-4, "MLPVB3"};
  r.with_potential = false;
  return make_system(r);
}

/// A recorder of gmin's DATABASE (kDatabaseKeywords) for potential, of system, in dir.
DatabaseRecorder recorder_in(const std::filesystem::path& dir, const Potential& potential,
                             const System& system, Logger& log) {
  return DatabaseRecorder(
      dir, testing::parse_ok<GminOptions>(gmin_keyword_table(), "data", kDatabaseKeywords),
      potential, system, log);
}

/// x with its atoms in reverse order, turned by a random rotation and moved.
std::vector<double> relabelled_and_moved(const std::vector<double>& x) {
  std::vector<double> reversed;
  for (std::size_t i = x.size(); i >= 3; i -= 3) reversed.insert(reversed.end(), &x[i - 3], &x[i]);
  Rng rng(17);
  return testing::rotated_and_shifted(reversed, testing::random_rotation(rng), 1.5);
}

TEST(DatabaseRecorder, ClusterMinimaAreStoredOnceAsTrueMinima) {
  const auto dir = testing::scratch_dir("recorder-lj7");
  const LennardJones lj(7);
  CapturedLog log;
  {  // the first writer ends (and releases database.lock) before the database is reopened
    DatabaseRecorder recorder = recorder_in(dir, lj, cluster_system(lj.n_atoms()), log.log());
    EXPECT_EQ(recorder.offer(testing::lj7_pentagonal_bipyramid()), 1u);
    EXPECT_EQ(recorder.offer(relabelled_and_moved(testing::lj7_pentagonal_bipyramid())), 0u);
    EXPECT_EQ(recorder.offer(testing::lj7_capped_octahedron()), 2u);
    EXPECT_EQ(recorder.offer(relabelled_and_moved(testing::lj7_capped_octahedron())), 0u);
    EXPECT_EQ(recorder.stats().offered, 4);
    EXPECT_EQ(recorder.stats().added, 2);
    EXPECT_EQ(recorder.stats().duplicates, 2);

    const MinDatabase& db = recorder.database();
    ASSERT_EQ(db.size(), 2u);
    EXPECT_NEAR(db[0].energy, testing::kLj7GlobalMinimum, 1e-6);
    EXPECT_NEAR(db[1].energy, testing::kLj7CappedOctahedron, 1e-6);
    EXPECT_EQ(db[0].pgorder, 20);  // D5h
    for (std::size_t i = 0; i < db.size(); ++i) {
      SCOPED_TRACE(i);
      const NormalModes modes = normal_modes(lj, db[i].coords, 6);
      EXPECT_EQ(modes.n_negative, 0u);
      EXPECT_NEAR(db[i].lnprodfreq, modes.lnprodfreq, 1e-6);
    }
  }
  // A reopened database knows its minima.
  DatabaseRecorder again = recorder_in(dir, lj, cluster_system(lj.n_atoms()), log.log());
  EXPECT_EQ(again.database().size(), 2u);
  EXPECT_EQ(again.offer(relabelled_and_moved(testing::lj7_pentagonal_bipyramid())), 0u);
  EXPECT_EQ(again.stats().duplicates, 1);
  EXPECT_NE(log.text().find("database: 2 minima in min.data and points.min"), std::string::npos)
      << log.text();
}

TEST(DatabaseRecorder, AStationaryPointThatIsNoMinimumIsRefused) {
  // The linear LJ trimer: the quench keeps it on its line (the gradient has no other component),
  // where it stops at a saddle whose bending modes are negative.
  const auto dir = testing::scratch_dir("recorder-saddle");
  const LennardJones lj(3);
  CapturedLog log;
  DatabaseRecorder recorder = recorder_in(dir, lj, cluster_system(lj.n_atoms()), log.log());
  EXPECT_EQ(recorder.offer(std::vector<double>{-1.1, 0.0, 0.0, 0.0, 0.0, 0.0, 1.1, 0.0, 0.0}), 0u);
  EXPECT_EQ(recorder.stats().not_minima, 1);
  EXPECT_EQ(recorder.database().size(), 0u);
  EXPECT_NE(log.text().find("negative Hessian eigenvalue(s); not stored"), std::string::npos)
      << log.text();
  // The triangle is the minimum, and is stored.
  EXPECT_EQ(recorder.offer(std::vector<double>{0.0, 0.0, 0.0, 1.1, 0.0, 0.0, 0.55, 0.95, 0.0}), 1u);
  EXPECT_NEAR(recorder.database()[0].energy, -3.0, 1e-9);
  EXPECT_EQ(std::filesystem::file_size(dir / "points.min"), 9u * sizeof(double));
}

TEST(DatabaseRecorder, NetworkMinimaAreStoredInCanonicalFormAndIsomersAreDuplicates) {
  const auto dir = testing::scratch_dir("recorder-network");
  const MlpLoss loss = testing::spiral_loss(dir, 100, 1e-4);
  const MlpShape shape = mlpvb3_shape(2, 3, 2);
  double energy = 0.0;
  const std::vector<double> w = testing::minimum_from(loss, 2, energy);
  ASSERT_FALSE(w.empty());
  CapturedLog log;
  DatabaseRecorder recorder = recorder_in(dir, loss, network_system(), log.log());
  ASSERT_EQ(recorder.offer(w), 1u);
  const MinimumRecord& stored = recorder.database()[0];
  EXPECT_EQ(stored.pgorder, 1);
  EXPECT_NEAR(stored.energy, energy, 1e-6);
  // Stored in canonical form: its own canonical form, and that of the minimum offered.
  EXPECT_EQ(canonical_form(stored.coords, shape), stored.coords);
  EXPECT_LT(aligned_distance(stored.coords, w, shape), 1e-3);
  EXPECT_EQ(normal_modes(loss, stored.coords, 0).n_negative, 0u);
  // Every isomer (hidden nodes permuted and sign-flipped) is the same minimum.
  const auto isomers = all_isomers(w, shape);
  ASSERT_EQ(isomers.size(), 48u);
  for (std::size_t k = 1; k < isomers.size(); k += 7)
    EXPECT_EQ(recorder.offer(isomers[k]), 0u) << k;
  EXPECT_EQ(recorder.database().size(), 1u);
  EXPECT_EQ(recorder.stats().duplicates, static_cast<long long>((isomers.size() - 1 + 6) / 7));
}

}  // namespace
}  // namespace landscape::gmin
