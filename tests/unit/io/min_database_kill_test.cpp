// A child process appends minima in a loop and is SIGKILLed at a random moment, several times over
// the same database; every opening must succeed and hold exactly the sequence appended so far.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <random>
#include <thread>

#include "common/io/min_database.hpp"
#include "tests/unit/io/min_database_test_util.hpp"

namespace landscape {
namespace {

using testing::expect_same_record;
using testing::make_record;
using testing::TempDir;

// Large enough records (8 KB) that a kill can land inside a write.
constexpr std::size_t kDof = 1024;

/// The child: reopen the database and append record after record until killed. It never returns
/// into the test framework; it exits 3 on an exception and 4 if nobody killed it within 5 s.
[[noreturn]] void append_until_killed(const std::filesystem::path& dir) {
  try {
    MinDatabase db = MinDatabase::open(dir, kDof);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) db.append(make_record(db.size(), kDof));
  } catch (const std::exception&) {
    _exit(3);
  }
  _exit(4);
}

TEST(MinDatabaseKill, SigkillDuringAppendsLeavesARepairableDatabase) {
  TempDir dir;
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> delay_us(2000, 25000);
  std::size_t previous = 0;
  int repaired_rounds = 0;  // rounds whose kill left a torn tail (depends on timing)
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(round);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) append_until_killed(dir.path());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "child was not killed (exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1)
        << ")";

    MinDatabase db = MinDatabase::open(dir.path(), kDof);
    ASSERT_GE(db.size(), previous);
    for (std::size_t i = 0; i < db.size(); ++i) {
      SCOPED_TRACE(i);
      expect_same_record(db[i], make_record(i, kDof));
      if (::testing::Test::HasFailure()) return;
    }
    EXPECT_EQ(std::filesystem::file_size(dir.points()), db.size() * kDof * sizeof(double));
    previous = db.size();
    if (!db.repairs().empty()) ++repaired_rounds;
  }
  EXPECT_GT(previous, 0u);
  RecordProperty("minima", static_cast<int>(previous));
  RecordProperty("repaired_rounds", repaired_rounds);
}

}  // namespace
}  // namespace landscape
