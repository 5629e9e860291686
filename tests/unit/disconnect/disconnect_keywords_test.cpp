// dinfo parsing details: disconnectionDPS's # comments, the Fortran label format, TRMIN's files.
#include "disconnect/disconnect_keywords.hpp"

#include <gtest/gtest.h>

#include "disconnect/disconnect_run.hpp"

namespace landscape::disconnect {
namespace {

TEST(DisconnectKeywords, FortranFFormat) {
  int w = 0, d = 0;
  EXPECT_TRUE(parse_f_format("F8.2", w, d));
  EXPECT_EQ(w, 8);
  EXPECT_EQ(d, 2);
  EXPECT_TRUE(parse_f_format("(f6.1)", w, d));
  EXPECT_EQ(w, 6);
  EXPECT_FALSE(parse_f_format("I5", w, d));
  EXPECT_FALSE(parse_f_format("F2.2", w, d));
  EXPECT_FALSE(parse_f_format("F8", w, d));
  EXPECT_EQ(format_fortran_f(-174.1, 8, 2), " -174.10");
  EXPECT_EQ(format_fortran_f(-168.5, 6, 1), "-168.5");
  EXPECT_EQ(format_fortran_f(-1234.5, 6, 1), "******");
  EXPECT_EQ(format_fortran_f(-0.001, 6, 2), "  0.00");
  EXPECT_EQ(format_fortran_f(0.5, 3, 2), ".50");
}

TEST(DisconnectKeywords, TheTutorialDinfoParses) {
  DisconnectOptions o;
  const std::string dinfo =
      "# disconnectionDPS comment\nDELTA 0.2\nFIRST -168.5\nLEVELS 29\nMINIMA min.data\nTS "
      "ts.data\nMAXTSENERGY -168.5\nNCONNMIN 0\nCENTREGMIN\nCONNECTMIN 2\nIDMIN 2\nIDMIN 8 \n! "
      "IDENTIFY\nTRMIN 2 64 min.minus.1 min.plus.1\nCHOOSECOLOURS\nLABELFORMAT F6.1\n";
  const auto r = disconnect_keyword_table().parse("dinfo", hash_comments_to_bang(dinfo), o);
  ASSERT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  EXPECT_DOUBLE_EQ(o.graph.delta, 0.2);
  EXPECT_EQ(o.graph.levels, 29u);
  EXPECT_DOUBLE_EQ(o.graph.ts_threshold, -168.5);
  EXPECT_TRUE(o.graph.centre_gmin);
  EXPECT_EQ(o.connect_min, 2);
  EXPECT_EQ(o.id_minima, (std::vector<long long>{2, 8}));
  ASSERT_TRUE(o.trmin.has_value());
  EXPECT_EQ(o.trmin->files, (std::vector<std::string>{"min.minus.1", "min.plus.1"}));
  EXPECT_TRUE(o.choose_colours);
  EXPECT_EQ(o.label_width, 6);
  EXPECT_EQ(o.label_decimals, 1);
  EXPECT_DOUBLE_EQ(o.label_size, 10.0);  // the table's default
}

TEST(DisconnectKeywords, AnalysisAndPruningKeywordsSetTheGraphOptions) {
  DisconnectOptions o;
  const std::string dinfo =
      "DELTA 0.5\nFIRST 0\nLEVELS 10\nMINIMA m\nTS "
      "t\nNOBARRIERS\nNOSPLIT\nEXCLUDEALL\nMONOTONIC\nLOWEST 50\nMAXTSBARRIER 3.5\nTSTHRESH "
      "1.0D0\nNCONNMIN 2\nPICK picked\n";
  const auto r = disconnect_keyword_table().parse("dinfo", dinfo, o);
  ASSERT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  EXPECT_FALSE(o.graph.barriers);
  EXPECT_FALSE(o.graph.split);
  EXPECT_TRUE(o.graph.exclude_all);
  EXPECT_TRUE(o.graph.monotonic);
  EXPECT_EQ(o.graph.lowest, 50u);
  EXPECT_DOUBLE_EQ(o.graph.barrier_threshold, 3.5);
  EXPECT_DOUBLE_EQ(o.graph.ts_threshold, 1.0);
  EXPECT_EQ(o.graph.nconnmin, 2);
  EXPECT_EQ(o.pick_file, "picked");
}

TEST(DisconnectKeywords, HashCommentsKeepLineNumbers) {
  EXPECT_EQ(hash_comments_to_bang("#a\n  # b\nDELTA 1 # not a comment here\n"),
            "!a\n  ! b\nDELTA 1 # not a comment here\n");
}

}  // namespace
}  // namespace landscape::disconnect
