// Binding of gmin's keywords into GminOptions: defaults from the table, values from the file.
#include "gmin/gmin_keywords.hpp"

#include <gtest/gtest.h>

#include "tests/support/keyword_tables.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::gmin {
namespace {

/// The options of text as data, which must parse without a diagnostic.
GminOptions parse_ok(const std::string& text) {
  return testing::parse_ok<GminOptions>(gmin_keyword_table(), "data", text);
}

TEST(GminKeywords, DefaultsComeFromTheTable) {
  const GminOptions o = parse_ok("");
  EXPECT_EQ(o.steps, 10000);
  EXPECT_DOUBLE_EQ(o.temperature, 0.3);
  EXPECT_DOUBLE_EQ(o.step, 0.3);
  EXPECT_DOUBLE_EQ(o.accept_ratio, 0.5);
  EXPECT_EQ(o.change_accept, 50);
  EXPECT_DOUBLE_EQ(o.sloppy_conv, 1e-3);
  EXPECT_EQ(o.maxit_sloppy, 500);
  EXPECT_EQ(o.save, 5);
  EXPECT_DOUBLE_EQ(o.ediff, 0.02);
  EXPECT_EQ(o.ranseed, 1u);
  EXPECT_EQ(o.updates, 4);
  EXPECT_DOUBLE_EQ(o.dguess, 0.1);
  EXPECT_DOUBLE_EQ(o.max_bfgs, 0.4);
  EXPECT_DOUBLE_EQ(o.max_erise, 1e-10);
  EXPECT_EQ(o.dump_interval, 1000);
  EXPECT_FALSE(o.avoid.has_value());
  EXPECT_FALSE(o.database.has_value());
  EXPECT_FALSE(o.radius.has_value());
  EXPECT_FALSE(o.fix_step || o.fix_temp || o.fix_both || o.noreset || o.centre || o.sort);
}

TEST(GminKeywords, TheTutorialFileBindsEveryValue) {
  const GminOptions o = parse_ok(
      "! comment line\nSLOPPYCONV 5.0D-3\nTIGHTCONV 1.0D-3 \nEDIFF 0.003\nMAXIT 600 500 \nSAVE "
      "2\nCENTRE\nSORT  \nTRACKDATA\nMONITOR 100\nDUMPINT 6000\n\nTEMPERATURE 1.0\n! TEMPERATURE "
      "0.1\nSTEPS 5000 1.0\nSTEP 0.40 0.51\nNEWRESTART 40\nAVOID 4.0 20 F\n");
  EXPECT_DOUBLE_EQ(o.sloppy_conv, 5e-3);
  EXPECT_DOUBLE_EQ(o.tight_conv, 1e-3);
  EXPECT_DOUBLE_EQ(o.ediff, 0.003);
  EXPECT_EQ(o.maxit_sloppy, 600);
  EXPECT_EQ(o.maxit_tight, 500);
  EXPECT_EQ(o.save, 2);
  EXPECT_TRUE(o.centre && o.sort && o.track_data);
  EXPECT_EQ(o.dump_interval, 6000);
  EXPECT_DOUBLE_EQ(o.temperature, 1.0);
  EXPECT_EQ(o.steps, 5000);
  EXPECT_DOUBLE_EQ(o.step, 0.40);
  EXPECT_DOUBLE_EQ(o.astep, 0.51);
  ASSERT_TRUE(o.new_restart.has_value());
  EXPECT_EQ(o.new_restart->nrelax, 40);
  ASSERT_TRUE(o.avoid.has_value());
  EXPECT_DOUBLE_EQ(o.avoid->distance, 4.0);
  EXPECT_EQ(o.avoid->max_saved, 20);
  EXPECT_FALSE(o.avoid->reseed);
}

TEST(GminKeywords, EveryTutorialInputParsesUnchanged) {
  const auto base = testing::lj38_tutorial_dir();
  for (const char* file : {"01_gmin/data", "02_gmin_mfet/data"}) {
    SCOPED_TRACE(file);
    GminOptions o;
    const auto r = gmin_keyword_table().parse("data", testing::read_file(base / file), o);
    EXPECT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  }
  GminOptions mfet;
  gmin_keyword_table().parse("data", testing::read_file(base / "02_gmin_mfet/data"), mfet);
  EXPECT_EQ(mfet.targets, std::vector<double>{-173.9284264418});
  EXPECT_EQ(mfet.steps, 90000000);
}

TEST(GminKeywords, OptimiserAndControlKeywords) {
  const GminOptions o = parse_ok(
      "UPDATES 10\nDGUESS 0.2\nMAXBFGS 0.3\nMAXERISE "
      "1.0D-8\nFIXSTEP\nFIXTEMP\nFIXBOTH\nNORESET\nRADIUS 3.5\nRANSEED 42\nTARGET -173.9284264418 "
      "-173.252378\nACCEPTRATIO 0.4\nCHANGEACCEPT 20\nDATABASE\nRESTORE GMIN.dump\nBASIN "
      "1.0D-2\nQMAX 1.0D-6\n");
  EXPECT_EQ(o.updates, 10);
  EXPECT_DOUBLE_EQ(o.dguess, 0.2);
  EXPECT_DOUBLE_EQ(o.max_bfgs, 0.3);
  EXPECT_DOUBLE_EQ(o.max_erise, 1e-8);
  EXPECT_TRUE(o.fix_step && o.fix_temp && o.fix_both && o.noreset);
  EXPECT_DOUBLE_EQ(*o.radius, 3.5);
  EXPECT_EQ(o.ranseed, 42u);
  EXPECT_EQ(o.targets, (std::vector<double>{-173.9284264418, -173.252378}));
  EXPECT_DOUBLE_EQ(o.accept_ratio, 0.4);
  EXPECT_EQ(o.change_accept, 20);
  ASSERT_TRUE(o.database.has_value());
  EXPECT_DOUBLE_EQ(o.database->etol, 1e-6);
  EXPECT_DOUBLE_EQ(o.database->itol, 1e-3);
  EXPECT_EQ(*o.restore_file, "GMIN.dump");
  EXPECT_DOUBLE_EQ(o.sloppy_conv, 1e-2);  // BASIN is SLOPPYCONV's alias
  EXPECT_DOUBLE_EQ(o.tight_conv, 1e-6);   // QMAX is TIGHTCONV's alias
}

TEST(GminKeywords, EchoShowsGivenAndDefaultValuesWithTheirOrigin) {
  GminOptions o;
  const auto& t = gmin_keyword_table();
  const auto r = t.parse("data", "STEPS 100\nMONITOR 5\n", o);
  const auto lines = t.echo(r);
  EXPECT_NE(std::find(lines.begin(), lines.end(), "STEPS 100 1    (data:1)"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "TEMPERATURE 0.3    (default)"), lines.end());
  EXPECT_NE(
      std::find(lines.begin(), lines.end(), "MONITOR 5    (data:2)    [no effect in this suite]"),
      lines.end());
}

TEST(GminKeywords, PeriodicBinaryLennardJonesKeywordsBind) {
  const GminOptions o =
      parse_ok("BINARY 48 1.5 0.5 0.8 0.88\nPERIODIC 3.587037905\nSHIFTCUT 1.79\n");
  ASSERT_TRUE(o.binary.has_value());
  EXPECT_EQ(o.binary->n_a, 48u);
  EXPECT_DOUBLE_EQ(o.binary->eps_ab, 1.5);
  EXPECT_DOUBLE_EQ(o.binary->eps_bb, 0.5);
  EXPECT_DOUBLE_EQ(o.binary->sigma_ab, 0.8);
  EXPECT_DOUBLE_EQ(o.binary->sigma_bb, 0.88);
  ASSERT_TRUE(o.periodic.has_value());
  EXPECT_EQ(*o.periodic, (std::array<double, 3>{3.587037905, 3.587037905, 3.587037905}))
      << "one length: a cube";
  EXPECT_EQ(o.shiftcut, 1.79);
  const GminOptions box = parse_ok("PERIODIC 3 4 5\n");
  EXPECT_EQ(*box.periodic, (std::array<double, 3>{3, 4, 5}));
  EXPECT_FALSE(parse_ok("").binary.has_value());
}

}  // namespace
}  // namespace landscape::gmin
