// OPTIM inputs as OPTIM users write them run unchanged: keywords that only change printing,
// dumping or debugging are never refused (issue: real OPTIM inputs unchanged), ALLPOINTS writes
// its frames, and every keyword the table accepts with no effect is accepted by the program.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/keywords/keyword_spec.hpp"
#include "common/landscape/path_info.hpp"
#include "optim/optim_keywords.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/optim_files.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::testing {
namespace {

/// The tutorial's step 03 odata with extra keywords inserted before POINTS.
std::string tutorial_odata_with(const std::string& extra) {
  const std::string odata = read_file(lj38_tutorial_dir() / "03_optim" / "odata");
  const std::size_t points = odata.find("\nPOINTS");
  return odata.substr(0, points + 1) + extra + odata.substr(points + 1);
}

/// The XYZ frames of an ALLPOINTS file: count of frames, each checked to hold n_atoms atoms.
std::size_t count_frames(const std::filesystem::path& file, std::size_t n_atoms) {
  std::ifstream in(file);
  std::size_t frames = 0;
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_EQ(std::stoul(line), n_atoms) << "frame " << frames + 1;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("E= ", 0), 0u) << line;
    for (std::size_t a = 0; a < n_atoms; ++a) {
      std::getline(in, line);
      std::istringstream fields(line);
      std::string symbol;
      double x, y, z;
      EXPECT_TRUE(fields >> symbol >> x >> y >> z) << line;
    }
    ++frames;
  }
  return frames;
}

TEST(OptimCompatibility, TheTutorialConnectionWithOutputAndDebugKeywordsRunsUnchanged) {
  const auto dir = scratch_dir("optim-compat-tutorial");
  write_file(dir / "odata", tutorial_odata_with("DEBUG\nALLPOINTS\nDUMPVECTOR ALLSTEPS\nENDHESS\n"
                                                "USEDIAG 2\nSUMMARY 5\nVALUES 20\nNOTE a note\n"));
  std::filesystem::copy_file(lj38_tutorial_dir() / "03_optim" / "finish", dir / "finish");
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_EQ(r.out.find("not supported"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("not supported"), std::string::npos) << r.err;
  for (const char* word : {"DEBUG", "DUMPVECTOR", "SUMMARY", "VALUES", "NOTE"})
    EXPECT_NE(r.out.find(fmt::format("note: {} (odata:", word)), std::string::npos) << word;
  EXPECT_NE(r.out.find("USEDIAG 2: eigenvalue from central gradient differences"),
            std::string::npos);
  // The tutorial's connection is made; every transition state has one negative eigenvalue.
  const auto triples = landscape::read_path_info(dir / "path.info", 38 * 3, true);
  ASSERT_FALSE(triples.empty()) << r.out;
  for (const auto& t : triples) EXPECT_EQ(negative_count(t.ts), 1);
  EXPECT_NE(r.out.find("connected"), std::string::npos);
  // NOFRQS: the same connection, path.info without frequencies.
  write_file(dir / "odata", tutorial_odata_with("NOFRQS\n"));
  std::filesystem::remove(dir / "path.info");
  const RunResult nofrqs = run_program("optim", "", dir);
  ASSERT_EQ(nofrqs.status, 0) << nofrqs.err << nofrqs.out;
  EXPECT_FALSE(landscape::read_path_info(dir / "path.info", 38 * 3, false).empty());
  std::filesystem::remove_all(dir);
}

TEST(OptimCompatibility, AllpointsWritesEveryStepOfAMinimisationAndATransitionStateSearch) {
  const auto dir = scratch_dir("optim-compat-allpoints");
  // A minimisation from a distorted LJ7 bipyramid.
  auto x = lj7_pentagonal_bipyramid();
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += 0.05 * std::sin(1.0 + static_cast<double>(i));
  write_file(dir / "odata",
             "BFGSMIN 1.0D-6\nBFGSSTEPS 1000\nALLPOINTS\nPOINTS\n" + points_lines(x));
  RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const std::size_t minimisation_frames = count_frames(dir / "points", 7);
  EXPECT_GT(minimisation_frames, 3u);
  EXPECT_NE(r.out.find(fmt::format("{} iterations", minimisation_frames)), std::string::npos)
      << r.out;
  // A transition-state search halfway between two minima: one frame a step.
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 0.5 * (lj7_pentagonal_bipyramid()[i] + lj7_capped_octahedron()[i]);
  write_file(dir / "odata",
             "BFGSTS 200 10 100 1.0D-4\nNOIT\nALLPOINTS\nPOINTS\n" + points_lines(x));
  r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const std::size_t search_frames = count_frames(dir / "points", 7);
  EXPECT_GT(search_frames, 0u);
  EXPECT_NE(r.out.find(fmt::format("step {:4d}:", search_frames)), std::string::npos);
  EXPECT_EQ(r.out.find(fmt::format("step {:4d}:", search_frames + 1)), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(OptimCompatibility, EveryKeywordWithNoEffectIsAcceptedByTheProgram) {
  const auto dir = scratch_dir("optim-compat-no-effect");
  std::size_t tried = 0;
  for (const auto& spec : optim::optim_keyword_table().specs()) {
    if (spec.cls != keywords::KeywordClass::kNoEffect) continue;
    write_file(dir / "odata", fmt::format("BFGSMIN 1.0D-6\n{} 1\nPOINTS\n{}", spec.name,
                                          points_lines(lj7_pentagonal_bipyramid())));
    const RunResult r = run_program("optim", "", dir);
    EXPECT_EQ(r.status, 0) << spec.name << ": " << r.err;
    EXPECT_NE(r.out.find(fmt::format("note: {} (odata:2)", spec.name)), std::string::npos)
        << spec.name << ": " << r.out;
    ++tried;
  }
  EXPECT_GE(tried, 30u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
