// Binding of optim's keywords into OptimOptions: defaults from the table, values from the file,
// and the tutorial's odata (03_optim) accepted unchanged.
#include "optim/optim_keywords.hpp"

#include <gtest/gtest.h>

#include "tests/support/keyword_tables.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::optim {
namespace {

/// The options of text as odata, which must parse without a diagnostic.
OptimOptions parse_ok(const std::string& text) {
  return testing::parse_ok<OptimOptions>(optim_keyword_table(), "odata", text);
}

TEST(OptimKeywords, DefaultsComeFromTheTableAndFollowOptim) {
  const OptimOptions o = parse_ok("POINTS\n");
  EXPECT_FALSE(o.newneb.has_value());
  EXPECT_FALSE(o.bfgsts_given || o.bfgsmin_given || o.nohess || o.noit);
  EXPECT_EQ(o.bfgsts.nevs, 500);
  EXPECT_EQ(o.bfgsts.ncgmax1, 10);
  EXPECT_EQ(o.bfgsts.ncgmax2, 100);
  EXPECT_DOUBLE_EQ(o.bfgsts.ceig, 1.0);
  EXPECT_DOUBLE_EQ(o.bfgsmin_rms, 1e-3);
  EXPECT_DOUBLE_EQ(o.bfgsconv, 1e-3);
  EXPECT_DOUBLE_EQ(o.nebk, 100.0);
  EXPECT_EQ(o.steps, 1);
  EXPECT_EQ(o.minimisation_steps(), 1);  // BFGSSTEPS defaults to STEPS
  for (long long m : o.updates) EXPECT_EQ(m, 4);
  EXPECT_DOUBLE_EQ(o.dguess[0], 0.1);
  EXPECT_DOUBLE_EQ(o.dguess[1], 0.1);
  EXPECT_DOUBLE_EQ(o.dguess[2], 0.001);
  for (double x : o.max_bfgs) EXPECT_DOUBLE_EQ(x, 0.2);
  EXPECT_DOUBLE_EQ(o.max_erise[0], 1e-10);
  EXPECT_DOUBLE_EQ(o.max_step, 0.2);
  EXPECT_DOUBLE_EQ(o.max_max, 0.5);
  EXPECT_DOUBLE_EQ(o.min_max, 0.01);
  EXPECT_DOUBLE_EQ(o.trust_radius, 2.0);
  EXPECT_DOUBLE_EQ(o.pushoff, 0.01);
  EXPECT_DOUBLE_EQ(o.ediff_tol, 1e-9);
  EXPECT_DOUBLE_EQ(o.geomdiff_tol, 1e-3);
  // CONVERGE's defaults give a transition state with an RMS gradient of 1e-6 or better.
  EXPECT_DOUBLE_EQ(o.converge.rms, 1e-6);
  EXPECT_DOUBLE_EQ(o.converge.max_step, 1e-4);
  EXPECT_TRUE(o.converge.check_index);
  EXPECT_FALSE(o.path || o.adjustk || o.end_hess || o.radius);
  EXPECT_FALSE(o.dump_all_paths || o.dump_data || o.no_frqs || o.end_num_hess ||
               o.reoptimise_endpoints);
  EXPECT_EQ(o.potential, "LJ");
  EXPECT_EQ(o.usediag, 1);
}

TEST(OptimKeywords, ValuesAndPartialListsBind) {
  const OptimOptions o = parse_ok(
      "NEWNEB 20 300 0.01\nNEBK 10\nADJUSTK 5 10.0 1.05\nBFGSTS 50 3 25 "
      "0.0001\nNOHESS\nNOIT\nBFGSMIN 1.0D-6\nBFGSSTEPS 5000\nSTEPS 200\nUPDATES 10 10\nDGUESS 0.2 "
      "0.3 0.002\nMAXBFGS 0.1 0.05\nMAXERISE 1.0D-9 1.0D-4\nCONVERGE 1.0D-4 1.0D-7 "
      "NOINDEX\nMAXSTEP 0.1\nMAXMAX 0.2\nMINMAX 0.005\nTRAD 0.2\nPUSHOFF 0.02\nPATH 1000 "
      "0.0\nDUMPALLPATHS\nDUMPDATA\nENDHESS 6\nENDNUMHESS\nNOFRQS\nEDIFFTOL 1.0D-6\nGEOMDIFFTOL "
      "0.2\nRADIUS 5.0\nRANSEED 7\nREOPTIMISEENDPOINTS\nBFGSCONV 1.0D-4\nUSEDIAG "
      "3\nMUELLERBROWN\nVARIABLES\n1.0\n2.0\n");
  ASSERT_TRUE(o.newneb.has_value());
  EXPECT_EQ(o.newneb->images, 20);
  EXPECT_EQ(o.newneb->iterations, 300);
  EXPECT_DOUBLE_EQ(o.newneb->rms_tolerance, 0.01);
  EXPECT_DOUBLE_EQ(o.nebk, 10.0);
  ASSERT_TRUE(o.adjustk.has_value());
  EXPECT_EQ(o.adjustk->frequency, 5);
  EXPECT_TRUE(o.bfgsts_given && o.nohess && o.noit && o.bfgsmin_given);
  EXPECT_EQ(o.bfgsts.ncgmax1, 3);
  EXPECT_EQ(o.bfgsts.nevl, 100);
  EXPECT_EQ(o.minimisation_steps(), 5000);
  EXPECT_EQ(o.updates[0], 10);
  EXPECT_EQ(o.updates[1], 10);
  EXPECT_EQ(o.updates[3], 4);
  EXPECT_DOUBLE_EQ(o.dguess[2], 0.002);
  EXPECT_DOUBLE_EQ(o.dguess[3], 0.001);
  EXPECT_DOUBLE_EQ(o.max_bfgs[1], 0.05);
  EXPECT_DOUBLE_EQ(o.max_bfgs[3], 0.2);
  EXPECT_DOUBLE_EQ(o.max_erise[1], 1e-4);
  EXPECT_FALSE(o.converge.check_index);
  EXPECT_DOUBLE_EQ(o.converge.rms, 1e-7);
  ASSERT_TRUE(o.path.has_value());
  EXPECT_EQ(o.path->frames, 1000);
  ASSERT_TRUE(o.end_hess.has_value());
  EXPECT_EQ(*o.end_hess, 6);
  EXPECT_TRUE(o.dump_all_paths && o.dump_data && o.end_num_hess && o.no_frqs &&
              o.reoptimise_endpoints);
  EXPECT_DOUBLE_EQ(*o.radius, 5.0);
  EXPECT_EQ(o.ranseed, 7u);
  EXPECT_DOUBLE_EQ(o.bfgsconv, 1e-4);
  EXPECT_EQ(o.usediag, 3);
  EXPECT_EQ(o.potential, "MUELLERBROWN");
}

TEST(OptimKeywords, CoordinatesAfterPointsAreDataNotKeywords) {
  OptimOptions o;
  const auto r =
      optim_keyword_table().parse("odata", "BFGSMIN 1.0D-6\nPOINTS\nAX 0 0 0\nAX 1.1 0 0\n", o);
  ASSERT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  ASSERT_EQ(r.parsed.data_lines.size(), 2u);
  EXPECT_EQ(r.parsed.data_first_line, 3);
  EXPECT_EQ(r.parsed.data_lines[1], "AX 1.1 0 0");
}

TEST(OptimKeywords, BinaryParamsAndBulkSelectThePeriodicBinaryLennardJones) {
  const OptimOptions o = parse_ok(
      "BINARY 48 1.5 0.5 0.8 0.88\nPARAMS 3.587037905 3.587037905 3.587037905 1.79\nBULK\n"
      "POINTS\n");
  EXPECT_EQ(o.potential, "BINARY");
  ASSERT_TRUE(o.binary.has_value());
  EXPECT_EQ(o.binary->n_a, 48u);
  EXPECT_DOUBLE_EQ(o.binary->sigma_bb, 0.88);
  ASSERT_TRUE(o.params.has_value());
  EXPECT_DOUBLE_EQ((*o.params)[3], 1.79);
  EXPECT_TRUE(o.bulk);
  EXPECT_FALSE(o.bulk_box.has_value()) << "BULK without lengths: those of PARAMS";
  const OptimOptions with_box = parse_ok("BULK 3 4 5\nPOINTS\n");
  ASSERT_TRUE(with_box.bulk_box.has_value());
  EXPECT_EQ(*with_box.bulk_box, (std::array<double, 3>{3, 4, 5}));
  EXPECT_FALSE(parse_ok("POINTS\n").bulk) << "BULK is a feature keyword";
}

TEST(OptimKeywords, UnsupportedKeywordsOfOptimAreRefused) {
  OptimOptions o;
  const auto r = optim_keyword_table().parse("odata", "CHARMM\nMODE 1\nPOINTS\n", o);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].format().substr(0, 27), "odata:1: CHARMM: not suppor");
  EXPECT_NE(r.diagnostics[1].format().find("odata:2: MODE: not supported"), std::string::npos);
}

TEST(OptimKeywords, TheTutorialOdataParsesUnchanged) {
  for (const char* file :
       {"03_optim/odata", "04_pathsample/odata.connect", "05_pathsample_expanded/odata.connect"}) {
    SCOPED_TRACE(file);
    OptimOptions o;
    const auto path = testing::lj38_tutorial_dir() / file;
    const auto r = optim_keyword_table().parse("odata", testing::read_file(path), o);
    EXPECT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
    EXPECT_TRUE(o.bfgsts_given && o.nohess && o.dump_all_paths && o.reoptimise_endpoints);
    EXPECT_DOUBLE_EQ(o.bfgsmin_rms, 1e-6);
    EXPECT_EQ(o.steps, 200);
    EXPECT_DOUBLE_EQ(*o.radius, 5.0);
  }
}

}  // namespace
}  // namespace landscape::optim
