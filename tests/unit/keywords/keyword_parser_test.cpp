// The generic keyword parser: lexing, types, defaults, ranges, diagnostics.
#include "common/keywords/keyword_parser.hpp"

#include <gtest/gtest.h>

#include "common/keywords/arg_builders.hpp"

namespace landscape::keywords {
namespace {

std::vector<KeywordSpec> specs() {
  std::vector<KeywordSpec> s;
  KeywordSpec steps;
  steps.name = "STEPS";
  steps.args = {int_arg("n", {}, at_least(0)), real_arg("factor", 1.0, above(0))};
  s.push_back(steps);
  KeywordSpec conv;
  conv.name = "SLOPPYCONV";
  conv.aliases = {"BASIN"};
  conv.args = {real_arg("rms", 1e-3, above(0))};
  s.push_back(conv);
  KeywordSpec flag;
  flag.name = "CENTRE";
  s.push_back(flag);
  KeywordSpec target;
  target.name = "TARGET";
  target.args = {real_arg("energy")};
  target.variadic = true;
  s.push_back(target);
  KeywordSpec avoid;
  avoid.name = "AVOID";
  avoid.args = {real_arg("dist", 1.0), int_arg("nmax", 10), logical_arg("reseed", true)};
  s.push_back(avoid);
  KeywordSpec points;
  points.name = "POINTS";
  points.ends_keywords = true;
  s.push_back(points);
  KeywordSpec req;
  req.name = "NATOMS";
  req.required = true;
  req.args = {int_arg("n", {}, at_least(1))};
  s.push_back(req);
  for (auto& k : unsupported({"CHARMM"})) s.push_back(k);
  return s;
}

TEST(KeywordParser, FreeFormatCommentsCaseAndFortranExponents) {
  const auto sp = specs();
  const auto r = parse_keywords(
      "data",
      "natoms 3\n! a comment\nCOMMENT anything at all\n  steps   10\t2.5D0 ! trailing\nbasin "
      "5.0d-3\nCentre\nAVOID 4.0 20 .FALSE.\n",
      sp);
  ASSERT_TRUE(r.diagnostics.empty()) << format_all(r.diagnostics);
  ASSERT_EQ(r.occurrences.size(), 5u);
  EXPECT_EQ(r.occurrences[1].spec->name, "STEPS");
  EXPECT_EQ(r.occurrences[1].line, 4);
  EXPECT_EQ(r.occurrences[1].as_int(0), 10);
  EXPECT_DOUBLE_EQ(r.occurrences[1].as_real(1), 2.5);
  EXPECT_EQ(r.occurrences[2].spec->name, "SLOPPYCONV");
  EXPECT_DOUBLE_EQ(r.occurrences[2].as_real(0), 5e-3);
  EXPECT_FALSE(r.occurrences[4].as_logical(2));
}

TEST(KeywordParser, TrailingOptionalArgumentsTakeDefaults) {
  const auto sp = specs();
  const auto r = parse_keywords("data", "NATOMS 1\nSTEPS 7\nAVOID 2.0\n", sp);
  ASSERT_TRUE(r.diagnostics.empty());
  EXPECT_DOUBLE_EQ(r.occurrences[1].as_real(1), 1.0);
  EXPECT_EQ(r.occurrences[1].n_given, 1u);
  EXPECT_EQ(r.occurrences[2].as_int(1), 10);
  EXPECT_TRUE(r.occurrences[2].as_logical(2));
}

TEST(KeywordParser, VariadicArguments) {
  const auto sp = specs();
  const auto r = parse_keywords("data", "NATOMS 1\nTARGET -1 -2.5 -3D0\n", sp);
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.occurrences[1].args.size(), 3u);
  EXPECT_DOUBLE_EQ(r.occurrences[1].as_real(2), -3.0);
}

TEST(KeywordParser, EveryProblemIsReportedWithFileLineAndKeyword) {
  const auto sp = specs();
  const auto r = parse_keywords(
      "data", "STEPS ten\nSTEPS -1\nSTEPZ 10\nCHARMM\nCENTRE extra\nBASIN 0\nFROBNICATE\n", sp);
  ASSERT_EQ(r.diagnostics.size(), 8u) << format_all(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].format().substr(0, r.diagnostics[0].format().find('\n')),
            "data:1: STEPS: argument 1 (n): expected an integer, got 'ten'");
  EXPECT_NE(r.diagnostics[1].format().find("data:2: STEPS: given more than once (first at data:1)"),
            std::string::npos);
  EXPECT_NE(r.diagnostics[2].format().find("data:3: STEPZ: unknown keyword; did you mean STEPS?"),
            std::string::npos);
  EXPECT_NE(r.diagnostics[3].format().find("data:4: CHARMM: not supported"), std::string::npos);
  EXPECT_NE(r.diagnostics[4].format().find(
                "data:5: CENTRE: too many arguments: expected at most 0, got 1"),
            std::string::npos);
  EXPECT_NE(
      r.diagnostics[5].format().find("data:6: SLOPPYCONV: argument 1 (rms): must be > 0, got 0"),
      std::string::npos);
  EXPECT_EQ(r.diagnostics[6].format(),
            "data:7: FROBNICATE: unknown keyword\n    FROBNICATE\n    ^\n");
  EXPECT_EQ(r.diagnostics[7].format(), "data: NATOMS: required keyword missing\n");
}

TEST(KeywordParser, CaretMarksTheOffendingToken) {
  const auto sp = specs();
  const auto r = parse_keywords("data", "NATOMS 2\nSTEPS 10 hot\n", sp);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].format(),
            "data:2: STEPS: argument 2 (factor): expected a real number, got 'hot'\n    STEPS 10 "
            "hot\n             ^\n");
}

TEST(KeywordParser, DataAfterAnEndingKeywordIsKeptRaw) {
  const auto sp = specs();
  const auto r = parse_keywords("odata", "NATOMS 2\nPOINTS\nAX 0.0 0.0 0.0\nAX 1.1 0 0\n", sp);
  ASSERT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.data_lines.size(), 2u);
  EXPECT_EQ(r.data_first_line, 3);
  EXPECT_EQ(r.data_lines[1], "AX 1.1 0 0");
}

TEST(KeywordParser, NearestNameOnlyWhenClose) {
  const auto sp = specs();
  EXPECT_EQ(nearest_name("SLOPYCONV", sp), "SLOPPYCONV");
  EXPECT_EQ(nearest_name("centr", sp), "CENTRE");
  EXPECT_EQ(nearest_name("XYZZYQWERTY", sp), "");
}

}  // namespace
}  // namespace landscape::keywords
