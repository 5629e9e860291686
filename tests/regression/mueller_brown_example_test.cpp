// examples/mueller_brown: optim connects the two minima through the middle one, as the README says,
// and draws the paths over the contours (surface_path.png/.svg).

#include <gtest/gtest.h>

#include <filesystem>

#include "common/landscape/path_info.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

TEST(MuellerBrownExampleTest, ConnectsThroughTheMiddleMinimumAndDrawsThePaths) {
  const fs::path dir = scratch_dir("mueller_brown_example");
  fs::copy(source_dir() / "examples" / "mueller_brown", dir, fs::copy_options::recursive);
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("connected path found"), std::string::npos) << r.out;
  const auto triples = read_path_info(dir / "path.info", 2, true);
  ASSERT_GE(triples.size(), 2u);
  bool middle = false;
  for (const auto& t : triples)
    for (const auto* m : {&t.min1, &t.min2})
      middle = middle ||
               (std::abs(m->coords[0] + 0.050) < 0.01 && std::abs(m->coords[1] - 0.467) < 0.01);
  EXPECT_TRUE(middle) << "the path runs through the middle minimum";
  for (const char* f : {"surface_path.png", "surface_path.svg", "EofS", "path.xyz"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  EXPECT_GT(fs::file_size(dir / "surface_path.png"), 10000u);
}

}  // namespace
}  // namespace landscape::testing
