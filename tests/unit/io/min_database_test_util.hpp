#pragma once
// Helpers shared by the minima-database tests: a fresh temporary directory per test, whole-file
// reads and writes, and deterministic records.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/io/min_database.hpp"

namespace landscape::testing {

/// A directory under the system temporary directory, unique to this process and test, removed
/// (with its contents) on destruction.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("landscape_mindb_{}_{}_{}_{}", ::getpid(),
                        info ? info->test_suite_name() : "none", info ? info->name() : "none",
                        counter++);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path data() const { return path_ / "min.data"; }
  std::filesystem::path points() const { return path_ / "points.min"; }

 private:
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Record number i (0-based) of a deterministic sequence with awkward but finite values.
inline MinimumRecord make_record(std::size_t i, std::size_t n_dof) {
  MinimumRecord r;
  const double x = static_cast<double>(i);
  r.energy = -173.928426590627964 + 0.1234567890123456789 * x - 1e-9 / (x + 1.0);
  r.lnprodfreq = 538.668902793976144 - x / 3.0;
  r.pgorder = 1 + static_cast<int>(i % 5) * 12;
  r.inertia = {58.8399774551 + x / 7.0, 60.8497059222 + x / 11.0, 67.7880496912 + x / 13.0};
  r.coords.resize(n_dof);
  for (std::size_t j = 0; j < n_dof; ++j) {
    r.coords[j] = std::sin(0.37 * x + 1.1 * static_cast<double>(j)) * 3.0 + 1e-13 * x;
  }
  return r;
}

/// Succeeds when text contains piece; the failure shows both.
inline ::testing::AssertionResult Contains(const std::string& text, const std::string& piece) {
  if (text.find(piece) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\"" << text << "\"\n  does not contain\n\"" << piece << "\"";
}

/// Expects every field equal bit for bit (the writer uses round-trip formatting).
inline void expect_same_record(const MinimumRecord& got, const MinimumRecord& want) {
  EXPECT_EQ(got.energy, want.energy);
  EXPECT_NEAR(got.energy, want.energy, 1e-12 * std::abs(want.energy));
  EXPECT_EQ(got.lnprodfreq, want.lnprodfreq);
  EXPECT_EQ(got.pgorder, want.pgorder);
  EXPECT_EQ(got.inertia, want.inertia);
  ASSERT_EQ(got.coords.size(), want.coords.size());
  for (std::size_t j = 0; j < want.coords.size(); ++j) {
    // Raw doubles: bit-exact.
    EXPECT_EQ(std::memcmp(&got.coords[j], &want.coords[j], sizeof(double)), 0)
        << "coordinate " << j;
  }
}

/// The torn-tail test of a database table: appends data_tail to its lines file and points_tail to
/// its records file, then open() (which also checks the records it keeps) must make one repair per
/// piece, in order, each holding its piece, and cut both files back to what they were;
/// clean_reopen() then checks that nothing is left to repair. Returns the repairs.
inline std::vector<std::string> expect_tails_cut(
    const std::filesystem::path& data, const std::filesystem::path& points,
    const std::string& data_tail, const std::string& points_tail,
    const std::vector<std::string>& pieces, const std::function<std::vector<std::string>()>& open,
    const std::function<void()>& clean_reopen) {
  const std::string good_data = read_bytes(data), good_points = read_bytes(points);
  write_bytes(data, good_data + data_tail);
  write_bytes(points, good_points + points_tail);
  const std::vector<std::string> repairs = open();
  EXPECT_EQ(repairs.size(), pieces.size());
  for (std::size_t i = 0; i < repairs.size() && i < pieces.size(); ++i)
    EXPECT_TRUE(Contains(repairs[i], pieces[i])) << "repair " << i;
  EXPECT_EQ(read_bytes(data), good_data);
  EXPECT_EQ(read_bytes(points), good_points);
  clean_reopen();
  return repairs;
}

/// Sizes of a table's two files while one record is appended: the records file first, then the
/// lines file.
struct AppendState {
  std::size_t points_size, data_size;
};

/// Every state an append can be stopped in, from points_before bytes of records and data_before
/// bytes of lines to one record_bytes record and data_after bytes of lines more.
inline std::vector<AppendState> append_states(std::size_t points_before, std::size_t record_bytes,
                                              std::size_t data_before, std::size_t data_after) {
  std::vector<AppendState> states;
  for (std::size_t k = 0; k <= record_bytes; ++k)
    states.push_back({points_before + k, data_before});
  for (std::size_t j = data_before + 1; j <= data_after; ++j)
    states.push_back({points_before + record_bytes, j});
  return states;
}

/// Whether a database stopped in state s (of an append that ends at data_after bytes of lines)
/// needs no repair: the append has not begun or is complete.
inline bool consistent_state(const AppendState& s, std::size_t points_before,
                             std::size_t data_before, std::size_t data_after) {
  return s.data_size == data_before ? s.points_size == points_before : s.data_size == data_after;
}

/// What a kill test checks after each kill of a table of n_dof-double records: it holds n
/// records, no fewer than before (previous, then set to n), record i as expect_record(i) checks it,
/// and a points file of exactly n records.
inline void expect_appended_so_far(std::size_t n, std::size_t& previous,
                                   const std::function<void(std::size_t)>& expect_record,
                                   const std::filesystem::path& points, std::size_t n_dof) {
  EXPECT_GE(n, previous);
  for (std::size_t i = 0; i < n && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE(i);
    expect_record(i);
  }
  EXPECT_EQ(std::filesystem::file_size(points), n * n_dof * sizeof(double));
  previous = n;
}

/// The kill test of a database table, `rounds` times over one directory: a forked child calls
/// append_until(deadline), which opens the table and appends record after record until the
/// deadline (5 s), and is SIGKILLed after a random 2-20 ms; then after_kill() reopens and checks
/// the table in the parent. The child exits 3 on an exception and 4 if nobody killed it in time.
/// Returns how many rounds left a torn tail (after_kill's answer; it depends on timing).
inline int sigkill_during_appends(
    int rounds, std::uint32_t seed,
    const std::function<void(std::chrono::steady_clock::time_point)>& append_until,
    const std::function<bool()>& after_kill) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(2000, 20000);
  int repaired_rounds = 0;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE(round);
    const pid_t child = fork();
    EXPECT_GE(child, 0);
    if (child < 0) return repaired_rounds;
    if (child == 0) {
      try {
        append_until(std::chrono::steady_clock::now() + std::chrono::seconds(5));
      } catch (const std::exception&) {
        _exit(3);
      }
      _exit(4);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    EXPECT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    EXPECT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "child was not killed (exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1)
        << ")";
    if (after_kill()) ++repaired_rounds;
    if (::testing::Test::HasFailure()) break;
  }
  return repaired_rounds;
}

}  // namespace landscape::testing
