// A program whose stderr or stdout cannot be written (a full disk under a job's log, 2>/dev/full)
// ends with its exit status, never with a signal: bad input still exits 1, a run whose log cannot
// be written exits 2.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

struct Ended {
  bool signalled = false;
  int status = -1;
};

/// Runs `program args` in dir through the shell with the given redirections.
Ended run_redirected(const std::string& program, const std::string& args,
                     const std::filesystem::path& dir, const std::string& redirections) {
  const std::string command = fmt::format("cd '{}' && '{}' {} {}", dir.string(),
                                          (bin_dir() / program).string(), args, redirections);
  const int raw = std::system(command.c_str());
  Ended e;
  if (raw == -1) return e;
  // The shell reports a child killed by signal N as exit status 128 + N.
  e.signalled = WIFSIGNALED(raw) || (WIFEXITED(raw) && WEXITSTATUS(raw) > 128);
  if (WIFEXITED(raw)) e.status = WEXITSTATUS(raw);
  return e;
}

TEST(UnwritableOutput, BadInputWithStderrOnAFullDeviceExitsOneForEveryProgram) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto dir = scratch_dir("full-stderr");
  for (const char* program : {"gmin", "optim", "pathsample", "disconnect"}) {
    // No keyword file here: an input error, reported on stderr.
    const Ended e = run_redirected(program, "", dir, ">/dev/null 2>/dev/full");
    EXPECT_FALSE(e.signalled) << program;
    EXPECT_EQ(e.status, 1) << program;
    // A bad command line likewise.
    const Ended c = run_redirected(program, "--no-such-option", dir, ">/dev/null 2>/dev/full");
    EXPECT_FALSE(c.signalled) << program;
    EXPECT_EQ(c.status, 1) << program;
  }
  std::filesystem::remove_all(dir);
}

TEST(UnwritableOutput, ARunWhoseLogCannotBeWrittenExitsTwo) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto dir = scratch_dir("full-stdout");
  std::filesystem::copy_file(lj38_tutorial_dir() / "03_optim" / "odata", dir / "odata");
  std::filesystem::copy_file(lj38_tutorial_dir() / "03_optim" / "finish", dir / "finish");
  const Ended optim = run_redirected("optim", "", dir, ">/dev/full 2>/dev/null");
  EXPECT_FALSE(optim.signalled);
  EXPECT_EQ(optim.status, 2);
  // --keywords to a full device: the reference cannot be written either.
  const Ended keywords = run_redirected("gmin", "--keywords", dir, ">/dev/full 2>/dev/full");
  EXPECT_FALSE(keywords.signalled);
  EXPECT_EQ(keywords.status, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
