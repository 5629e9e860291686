// The network campaign examples (spiral_campaign, checkerboard, iris), each `run ... --quick`: the
// whole chain (gmin DATABASE, a pathsample campaign of optim jobs, disconnect, C_V and
// MLMINSELECT, the MLSUP step) runs as the READMEs say, and a second run of the spiral continues
// from the database instead of starting over.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/io/min_database.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

RunResult run_campaign(const fs::path& work, const std::string& example = "spiral_campaign") {
  const fs::path out = work.parent_path() / "run.out";
  const std::string cmd = fmt::format("'{}' '{}' '{}' --quick > '{}' 2>&1",
                                      (source_dir() / "examples" / example / "run").string(),
                                      bin_dir().string(), work.string(), out.string());
  const int raw = std::system(cmd.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out);
  return r;
}

/// The files every campaign leaves, and its MLSUP table in the output.
void expect_outputs(const fs::path& work, const RunResult& r) {
  for (const char* f : {"database/Cv.png", "database/MLMINweights", "database/MLMINselection",
                        "mlsup/mlsup.csv", "mlsup/mlsup.png", "mlsup/mlsup.md"})
    EXPECT_TRUE(fs::exists(work / f)) << f;
  if (fs::file_size(work / "database" / "ts.data") > 0) {
    EXPECT_TRUE(fs::exists(work / "database" / "tree.png"));
  }
  EXPECT_NE(r.out.find("| method | minima |"), std::string::npos) << r.out;
}

TEST(NetworkCampaignExampleTest, CheckerboardAndIrisRunTheChain) {
  for (const std::string example : {"checkerboard", "iris"}) {
    const fs::path work = scratch_dir(example + "_campaign") / "campaign";
    const RunResult r = run_campaign(work, example);
    ASSERT_EQ(r.status, 0) << example << "\n" << r.out;
    expect_outputs(work, r);
  }
}

TEST(NetworkCampaignExampleTest, SpiralRunsTheChainAndContinuesOnASecondRun) {
  const fs::path work = scratch_dir("spiral_campaign") / "campaign";
  RunResult r = run_campaign(work);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("new campaign"), std::string::npos) << r.out;
  expect_outputs(work, r);
  const std::size_t first = read_min_data(work / "database" / "min.data", "min.data").size();

  r = run_campaign(work);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("continuing the campaign"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RANSEED 2"), std::string::npos) << r.out;
  EXPECT_GE(read_min_data(work / "database" / "min.data", "min.data").size(), first);
}

}  // namespace
}  // namespace landscape::testing
