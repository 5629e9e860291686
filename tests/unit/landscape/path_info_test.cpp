// path.info and min.data.info: Fortran G formatting, the block layout of the real OPTIM's output
// (03_optim/path.info.expected), writing and reading back.
#include "common/landscape/path_info.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

TEST(PathInfo, FortranGMatchesTheRealProgramsEigenvalueColumns) {
  // Values and their text as they appear in 03_optim/path.info.expected.
  EXPECT_EQ(fortran_g(712.2926265), "     712.2926265    ");
  EXPECT_EQ(fortran_g(97.07933708), "     97.07933708    ");
  EXPECT_EQ(fortran_g(9.176602792), "     9.176602792    ");
  EXPECT_EQ(fortran_g(0.1751023197e-06), "    0.1751023197E-06");
  EXPECT_EQ(fortran_g(-0.1199462398e-13), "   -0.1199462398E-13");
  EXPECT_EQ(fortran_g(-750.8626617), "    -750.8626617    ");
  EXPECT_EQ(fortran_g(0.5), "    0.5000000000    ");
  EXPECT_EQ(fortran_g(0.0).size(), 20u);
  EXPECT_EQ(fortran_g(1.5e12), "    0.1500000000E+13");
}

TEST(PathInfo, ReadsTheRealOptimsFileOfTheTutorial) {
  const auto file = testing::lj38_tutorial_dir() / "03_optim" / "path.info.expected";
  const auto triples = read_path_info(file, 114, true);
  ASSERT_EQ(triples.size(), 13u);
  EXPECT_NEAR(triples[0].min1.energy, -169.403102763540346, 1e-12);
  EXPECT_NEAR(triples[0].ts.energy, -169.361945964207820, 1e-12);
  EXPECT_EQ(triples[0].ts.pgorder, 1);
  EXPECT_EQ(triples[0].ts.point_group, "C1");
  EXPECT_EQ(triples[0].min2.pgorder, 48);  // the global minimum, written "O h"
  EXPECT_EQ(triples[0].min2.point_group, "O h");
  ASSERT_EQ(triples[0].min1.eigenvalues.size(), 114u);
  EXPECT_NEAR(triples[0].min1.eigenvalues[0], 712.2926265, 1e-7);
  EXPECT_NEAR(triples[0].min1.coords[0], 0.726550506438746, 1e-15);
  // Our energy of its coordinates is the energy it states.
  const LennardJones lj(38);
  for (const auto& t : triples) {
    EXPECT_NEAR(lj.energy(t.min1.coords), t.min1.energy, 1e-8);
    EXPECT_NEAR(lj.energy(t.ts.coords), t.ts.energy, 1e-8);
    int negative = 0;
    for (double v : t.ts.eigenvalues) negative += v < -1e-3;
    EXPECT_EQ(negative, 1);
  }
}

StationaryPoint point(double energy, std::vector<double> coords, std::vector<double> eigenvalues) {
  StationaryPoint p;
  p.energy = energy;
  p.coords = std::move(coords);
  p.eigenvalues = std::move(eigenvalues);
  return p;
}

TEST(PathInfo, BlocksHaveTheLayoutOfTheRealProgram) {
  const auto p =
      point(-169.403102763540346, {0.726550506438746, 0.273670763133636, -1.680103121127047},
            {-1.0, 2.0, 712.2926265});
  EXPECT_EQ(format_path_info_block(p, true),
            "     -169.403102763540346\n     1 C1  \n     712.2926265         2.000000000        "
            "-1.000000000    \n        0.726550506438746        0.273670763133636       "
            "-1.680103121127047\n");
  EXPECT_EQ(format_path_info_block(p, false),
            "     -169.403102763540346\n     1 C1  \n        0.726550506438746        "
            "0.273670763133636       -1.680103121127047\n");
}

TEST(PathInfo, VariablesAreWrittenThreeALineWithTheRestOnTheLast) {
  const auto p = point(1.5, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5});
  const std::string text = format_path_info_block(p, true);
  EXPECT_NE(
      text.find("        1.000000000000000        2.000000000000000        3.000000000000000\n"
                "        4.000000000000000        5.000000000000000\n"),
      std::string::npos);
}

TEST(PathInfo, TriplesAppendAndReadBack) {
  const auto dir = testing::scratch_dir("path-info");
  const auto file = dir / "path.info";
  const auto a = point(-1.25, {0.1, 0.2}, {3.0, 4.0});
  const auto ts = point(-0.5, {0.3, 0.4}, {-2.0, 5.0});
  const auto b = point(-1.0, {0.5, 0.6}, {1.0, 7.0});
  append_path_info_triple(file, a, ts, b, true);
  append_path_info_triple(file, b, ts, a, true);
  const auto triples = read_path_info(file, 2, true);
  ASSERT_EQ(triples.size(), 2u);
  EXPECT_DOUBLE_EQ(triples[0].min1.energy, -1.25);
  EXPECT_EQ(triples[0].ts.eigenvalues, (std::vector<double>{5.0, -2.0}));
  EXPECT_EQ(triples[1].min2.coords, (std::vector<double>{0.1, 0.2}));
  // A file cut inside a triple is refused with its line.
  const std::string text = testing::read_file(file);
  testing::write_file(file, text.substr(0, text.size() / 4));
  try {
    read_path_info(file, 2, true);
    FAIL() << "a partial triple was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("path.info:"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(PathInfo, MinDataInfoIsTheMinDataLineThenTheCoordinates) {
  StationaryPoint m = point(-173.928426590627964, {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}, {});
  m.lnprodfreq = 538.668902793976144;
  m.pgorder = 1;
  m.inertia = {61.0912066056, 61.0912067955, 61.0912072523};
  const std::string text = format_min_data_info(m);
  std::istringstream in(text);
  double e, lnp, ix, iy, iz;
  int pg;
  ASSERT_TRUE(in >> e >> lnp >> pg >> ix >> iy >> iz);
  EXPECT_DOUBLE_EQ(e, -173.928426590627964);
  EXPECT_DOUBLE_EQ(lnp, 538.668902793976144);
  EXPECT_EQ(pg, 1);
  EXPECT_DOUBLE_EQ(iz, 61.0912072523);
  double x;
  int count = 0;
  while (in >> x) ++count;
  EXPECT_EQ(count, 6);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

}  // namespace
}  // namespace landscape::optim
