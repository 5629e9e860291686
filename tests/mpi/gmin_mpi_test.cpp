// gmin under mpirun (doc/mpi.md): K walkers with seeds RANSEED + rank, one database written by
// rank 0. Without exchange the database holds the minima that the same walkers find when run one
// after another serially into one database, and `lowest` is the merge of their SAVE lists; one
// process is the serial run, file for file; BHPT runs are reproducible for a fixed seed and K.
// Every comparison is between runs on this machine and BLAS kernel, so it holds under any kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/mpi_launch.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

/// LJ13 from a random start: 300 steps find some 60 distinct minima in under a second.
std::string lj13_data(int seed, const std::string& extra = "") {
  return "STEPS 300 1.0\nTEMPERATURE 0.8\nSTEP 0.4 0.0\nSAVE 5\nEDIFF 0.001\nSLOPPYCONV 1.0D-3\n"
         "TIGHTCONV 1.0D-5\nDATABASE 1.0D-6 1.0D-3\nRANSEED " +
         std::to_string(seed) + "\n" + extra;
}

constexpr const char* kCoords =
    "-0.82 0.41 1.05\n0.33 -1.10 0.27\n1.12 0.68 -0.44\n-0.25 0.93 -0.87\n0.71 -0.36 1.18\n"
    "-1.07 -0.59 -0.31\n0.04 0.12 0.05\n0.95 -0.99 -0.73\n-0.61 -1.15 0.66\n0.47 1.09 0.58\n"
    "-1.16 0.37 -0.12\n0.22 -0.28 -1.19\n-0.39 0.54 0.31\n";

fs::path lj13_dir(const std::string& name) {
  const fs::path dir = scratch_dir(name);
  write_file(dir / "coords", kCoords);
  return dir;
}

/// The energies of min.data, ascending, after checking that points.min holds one record each.
std::vector<double> database_energies(const fs::path& dir, std::size_t n_dof) {
  std::istringstream in(read_file(dir / "min.data"));
  std::vector<double> e;
  for (std::string line; std::getline(in, line);) e.push_back(std::stod(line));
  EXPECT_EQ(fs::file_size(dir / "points.min"), e.size() * n_dof * sizeof(double)) << dir;
  std::sort(e.begin(), e.end());
  return e;
}

/// The energies of `lowest`, in file order.
std::vector<double> lowest_energies(const fs::path& dir) {
  std::istringstream in(read_file(dir / "lowest"));
  std::vector<double> e;
  for (std::string line; std::getline(in, line);)
    if (const auto at = line.find("Energy of minimum"); at != std::string::npos)
      e.push_back(std::stod(line.substr(line.find('=', at) + 1)));
  return e;
}

void expect_same_energies(const std::vector<double>& a, const std::vector<double>& b,
                          double tolerance, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tolerance) << what << " " << i;
}

/// The same walkers run one after another, serially, into one database; returns the merged
/// `lowest` energies (the lowest SAVE distinct by EDIFF over the walkers' lists).
std::vector<double> serial_walkers(const fs::path& dir, int seed, int k, double ediff,
                                   const std::function<std::string(int)>& data) {
  std::vector<double> all;
  for (int r = 0; r < k; ++r) {
    write_file(dir / "data", data(seed + r));
    const RunResult run = run_program("gmin", "", dir);
    EXPECT_EQ(run.status, 0) << run.err;
    for (double e : lowest_energies(dir)) all.push_back(e);
  }
  // SavedMinima's rule, walker by walker: within EDIFF of a kept one only if lower.
  std::vector<double> kept;
  for (double e : all) {
    auto near =
        std::find_if(kept.begin(), kept.end(), [&](double x) { return std::abs(x - e) < 0.001; });
    if (near != kept.end()) {
      *near = std::min(*near, e);
    } else {
      kept.push_back(e);
    }
    std::sort(kept.begin(), kept.end());
    if (kept.size() > 5) kept.pop_back();
  }
  return kept;
}

TEST(GminMpi, WalkersWithoutExchangeFindWhatTheSameWalkersFindSerially) {
  for (int k : {2, 4}) {
    const fs::path par = lj13_dir("gmin-mpi-walkers-" + std::to_string(k));
    write_file(par / "data", lj13_data(7));
    const RunResult run = run_mpi_program(k, "gmin", "", par);
    ASSERT_EQ(run.status, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("walker 0 of " + std::to_string(k)), std::string::npos);
    for (int r = 1; r < k; ++r) {
      const std::string log = read_file(par / ("walker." + std::to_string(r) + ".log"));
      EXPECT_NE(log.find("seed RANSEED + rank = " + std::to_string(7 + r)), std::string::npos);
    }
    const fs::path ser = lj13_dir("gmin-mpi-serial-" + std::to_string(k));
    const std::vector<double> serial_lowest =
        serial_walkers(ser, 7, k, 0.001, [](int seed) { return lj13_data(seed); });
    const std::vector<double> par_db = database_energies(par, 39);
    const std::vector<double> ser_db = database_energies(ser, 39);
    EXPECT_GT(par_db.size(), 40u);
    // The stored representative of a minimum may come from either walker: its tight re-quench
    // energy agrees to far below the identity tolerance EDIFFTOL 1e-6.
    expect_same_energies(par_db, ser_db, 1e-7, "min.data, K = " + std::to_string(k));
    expect_same_energies(lowest_energies(par), serial_lowest, 1e-7,
                         "lowest, K = " + std::to_string(k));
    fs::remove_all(par);
    fs::remove_all(ser);
  }
}

/// A spiral network with 3 hidden nodes (17 weights) on 400 items: identity is the
/// isomer-aligned distance below GEOMDIFFTOL.
std::string network_data(int seed) {
  return "MLPVB3 2 1 3 2 400 1.0D-5\nTEMPERATURE 1\nSTEP 8 0.0\nFIXBOTH\nSLOPPYCONV 1.0D-8\n"
         "TIGHTCONV 1.0D-8\nMAXIT 100000 100000\nUPDATES 50\nDATABASE 1.0D-7\n"
         "GEOMDIFFTOL 1.0D-3\nEDIFF 1.0D-7\nSAVE 5\nSTEPS 40\nRANSEED " +
         std::to_string(seed) + "\n";
}

TEST(GminMpi, NetworkWalkersFindWhatTheSameWalkersFindSerially) {
  const fs::path par = scratch_dir("gmin-mpi-network");
  const fs::path ser = scratch_dir("gmin-mpi-network-serial");
  for (const fs::path& d : {par, ser}) {
    const RunResult made = run_program("gmin", "--dataset spiral 1 400 100", d);
    ASSERT_EQ(made.status, 0) << made.err;
  }
  write_file(par / "data", network_data(4));
  const RunResult run = run_mpi_program(2, "gmin", "", par);
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("added from walker 1"), std::string::npos);
  const std::vector<double> serial_lowest = serial_walkers(ser, 4, 2, 1e-7, network_data);
  const std::vector<double> par_db = database_energies(par, 17);
  EXPECT_GT(par_db.size(), 10u);
  expect_same_energies(par_db, database_energies(ser, 17), 1e-9, "min.data");
  expect_same_energies(lowest_energies(par), serial_lowest, 1e-9, "lowest");
  fs::remove_all(par);
  fs::remove_all(ser);
}

TEST(GminMpi, OneProcessIsTheSerialRunFileForFile) {
  const fs::path par = lj13_dir("gmin-mpi-one");
  const fs::path ser = lj13_dir("gmin-mpi-one-serial");
  for (const fs::path& d : {par, ser}) write_file(d / "data", lj13_data(11, "TRACKDATA\n"));
  const RunResult a = run_mpi_program(1, "gmin", "", par);
  // An MPI process runs its BLAS on one thread (common/mpi/mpi_world.hpp), the serial run here too.
  const RunResult b = run_program("gmin", "", ser, "OPENBLAS_NUM_THREADS=1");
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  for (const char* f : {"lowest", "min.data", "points.min", "energy", "markov", "best"})
    EXPECT_EQ(read_file(par / f), read_file(ser / f)) << f;
  EXPECT_FALSE(fs::exists(par / "walker.1.log"));
  fs::remove_all(par);
  fs::remove_all(ser);
}

TEST(GminMpi, ParallelTemperingIsReproducibleAndExchanges) {
  std::vector<std::vector<double>> runs;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const fs::path dir = lj13_dir("gmin-mpi-bhpt-" + std::to_string(attempt));
    write_file(dir / "data", lj13_data(3, "MPI\nBHPT 0.5 2.0 0.2\n"));
    const RunResult run = run_mpi_program(3, "gmin", "", dir);
    ASSERT_EQ(run.status, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("BHPT temperature 0.5"), std::string::npos) << run.out;
    EXPECT_NE(read_file(dir / "walker.2.log").find("BHPT temperature 2"), std::string::npos);
    // About 60 attempts in 300 steps at exchprob 0.2.
    const auto at = run.out.find("BHPT: ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(run.out.find("BHPT: 0 exchanges"), std::string::npos) << run.out.substr(at, 60);
    runs.push_back(database_energies(dir, 39));
    const std::vector<double> low = lowest_energies(dir);
    runs.push_back(low);
    fs::remove_all(dir);
  }
  // The same seed and K: the same minima and the same `lowest`, bit for bit in energy.
  expect_same_energies(runs[0], runs[2], 0.0, "min.data");
  expect_same_energies(runs[1], runs[3], 0.0, "lowest");
}

/// An LJ13 run of 10^7 steps, stopped by a signal.
fs::path endless_lj13_dir(const std::string& name) {
  const fs::path dir = lj13_dir(name);
  std::string data = lj13_data(9);
  data.replace(data.find("STEPS 300"), 9, "STEPS 10000000");
  write_file(dir / "data", data);
  return dir;
}

/// Every walker stopped at its safe point, and rank 0 wrote `lowest` and its database.
void expect_safe_stop(const fs::path& dir) {
  const std::string walker = read_file(dir / "walker.1.log");
  EXPECT_NE(walker.find("walk stops here"), std::string::npos);
  EXPECT_NE(walker.find("interrupted by SIGTERM: stopped at a safe point (exit status 143)"),
            std::string::npos);
  EXPECT_EQ(lowest_energies(dir).size(), 5u);
  EXPECT_GT(database_energies(dir, 39).size(), 10u);
}

TEST(GminMpi, SigtermStopsEveryWalkerAtASafePointAndRankZeroWritesLowest) {
  const fs::path dir = endless_lj13_dir("gmin-mpi-sigterm");
  // mpirun forwards the SIGTERM that timeout sends it to every rank, and stops reading their
  // output: what rank 0 logs from then on may be lost, but it never blocks rank 0's safe stop.
  // --foreground: timeout signals mpirun alone. Without it timeout also signals its process group,
  // mpirun included, and mpirun takes a second signal as an order to die at once, ranks and all.
  const RunResult run =
      run_program("gmin", "", dir, "timeout --foreground -s TERM 4 " + mpirun_prefix(2));
  EXPECT_NE(run.status, 0);
  expect_safe_stop(dir);
  fs::remove_all(dir);
}

TEST(GminMpi, ASignalToEveryRankAndToMpirunStopsAtASafePoint) {
  // A batch system's time limit (Slurm's scancel) signals every process of the job: each rank
  // receives SIGTERM from it and again from mpirun. The second copy must not end the rank.
  const fs::path dir = endless_lj13_dir("gmin-mpi-sigterm-all");
  const std::string cmd = "cd '" + dir.string() + "' && { " + mpirun_prefix(2) + "'" +
                          (bin_dir() / "gmin").string() +
                          "' > .stdout 2> .stderr < /dev/null & p=$!; sleep 3; "
                          "kill -TERM $(cat /proc/$p/task/*/children) $p; wait $p; }";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  expect_safe_stop(dir);
  fs::remove_all(dir);
}

TEST(GminMpi, RestoreIsRefusedForAParallelRun) {
  const fs::path dir = lj13_dir("gmin-mpi-restore");
  write_file(dir / "data", lj13_data(5, "RESTORE GMIN.dump\n"));
  write_file(dir / "GMIN.dump", "");
  const RunResult run = run_mpi_program(2, "gmin", "", dir);
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.err.find("data:10: RESTORE: a parallel run (2 walkers) cannot continue"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir / "min.data"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
