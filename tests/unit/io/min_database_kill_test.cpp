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

TEST(MinDatabaseKill, SigkillDuringAppendsLeavesARepairableDatabase) {
  TempDir dir;
  std::size_t previous = 0;
  const int repaired_rounds = testing::sigkill_during_appends(
      8, 20261126,
      [&](std::chrono::steady_clock::time_point deadline) {
        MinDatabase db = MinDatabase::open(dir.path(), kDof);
        while (std::chrono::steady_clock::now() < deadline) db.append(make_record(db.size(), kDof));
      },
      [&] {
        MinDatabase db = MinDatabase::open(dir.path(), kDof);
        testing::expect_appended_so_far(
            db.size(), previous,
            [&](std::size_t i) { expect_same_record(db[i], make_record(i, kDof)); }, dir.points(),
            kDof);
        return !db.repairs().empty();
      });
  EXPECT_GT(previous, 0u);
  RecordProperty("minima", static_cast<int>(previous));
  RecordProperty("repaired_rounds", repaired_rounds);
}

}  // namespace
}  // namespace landscape
