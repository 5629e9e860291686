// ts.data (common/io/ts_database) and min.data without points (pathsample/min_data_reader): the
// tutorial's files read back, and every kind of bad line named by file:line.
#include <gtest/gtest.h>

#include "common/io/errors.hpp"
#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "tests/support/path_files.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

const std::filesystem::path kTutorial05 = lj38_tutorial_dir() / "05_pathsample_expanded";

/// The DatabaseError message of f(), or "" if it does not throw one.
template <class F>
std::string database_error(F f) {
  return error_message<DatabaseError>(f);
}

TEST(TsDatabase, ReadsTheTutorialDatabase) {
  const auto minima = read_min_data(kTutorial05 / "min.data.expected", "min.data");
  ASSERT_EQ(minima.size(), 64u);
  EXPECT_DOUBLE_EQ(minima[1].energy, -173.928426590627964);
  EXPECT_EQ(minima[1].pgorder, 48);
  EXPECT_DOUBLE_EQ(minima[1].lnprodfreq, 538.668902793976144);
  const auto ts = read_ts_data(kTutorial05 / "ts.data.expected", "ts.data", minima.size());
  ASSERT_EQ(ts.size(), 70u);
  EXPECT_DOUBLE_EQ(ts[0].energy, -169.361945964207905);
  EXPECT_EQ(ts[0].min1, 1u);
  EXPECT_EQ(ts[0].min2, 2u);
  EXPECT_DOUBLE_EQ(ts[0].inertia[2], 66.9277053042);
  EXPECT_FALSE(ts[0].imaginary_frequency.has_value());
  for (const auto& t : ts) {
    EXPECT_GE(t.min1, 1u);
    EXPECT_LE(t.min2, 64u);
  }
}

TEST(TsDatabase, ATransitionStateNamingAMissingMinimumIsAnErrorWithBothNumbers) {
  const auto dir = scratch_dir("ts-missing-min");
  write_file(dir / "ts.data", "-1.0 2.0 1 1 2 1 2 3\n-1.5 2.0 1 2 999 1 2 3\n");
  const std::string e = database_error([&] { read_ts_data(dir / "ts.data", "ts.data", 64); });
  EXPECT_EQ(e, "ts.data:2: minimum 999 does not exist (min.data has 64 minima)");
  std::filesystem::remove_all(dir);
}

TEST(TsDatabase, BadLinesAreNamedByFileAndLine) {
  const auto dir = scratch_dir("ts-bad-lines");
  struct Case {
    std::string text, message;
  };
  const std::vector<Case> cases = {
      {"-1.0 2.0 1 1 2 1 2\n", "ts.data:1: expected 8 fields (9 with IMFRQ), got 7"},
      {"-1.0 2.0 1 1 2 1 2 3 4 5\n", "ts.data:1: expected 8 fields (9 with IMFRQ), got 10"},
      {"ok\n", "ts.data:1: expected 8 fields (9 with IMFRQ), got 1"},
      {"-1.0 2.0 1 1 2 1 2 3\nx 2.0 1 1 2 1 2 3\n",
       "ts.data:2: field 1 (energy): expected a finite real number, got 'x'"},
      {"-1.0 nan 1 1 2 1 2 3\n",
       "ts.data:1: field 2 (lnprodfreq): expected a finite real number, got 'nan'"},
      {"-1.0 2.0 0 1 2 1 2 3\n",
       "ts.data:1: field 3 (pgorder): point-group order must be at least 1, got 0"},
      {"-1.0 2.0 1 0 2 1 2 3\n", "ts.data:1: field 4 (min1): minimum indices start at 1, got 0"},
      {"-1.0 2.0 1 1 2.5 1 2 3\n",
       "ts.data:1: field 5 (min2): expected a minimum index, got '2.5'"},
      {"-1.0 2.0 1 1 2 1 y 3\n", "ts.data:1: field 7 (Iy): expected a finite real number, got 'y'"},
      {"-1.0 2.0 1 1 2 1 2 3\n\n-1.0 2.0 1 1 2 1 2 3\n",
       "ts.data:2: blank line: every line of ts.data is a transition state"},
  };
  for (const auto& c : cases) {
    write_file(dir / "ts.data", c.text);
    EXPECT_EQ(database_error([&] { read_ts_data(dir / "ts.data", "ts.data", 4); }), c.message)
        << c.text;
  }
  EXPECT_EQ(database_error([&] { read_ts_data(dir / "none", "ts.data", 4); }),
            "ts.data: cannot open");
  std::filesystem::remove_all(dir);
}

TEST(TsDatabase, FortranExponentsImfrqAndTrailingBlankLines) {
  const auto dir = scratch_dir("ts-fortran");
  write_file(dir / "ts.data", "-1.5D+02 5.2d2 +2 3 1 1.0D0 2.0 3.0 -0.75D0\r\n\n  \n");
  const auto ts = read_ts_data(dir / "ts.data", "ts.data", 3);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_DOUBLE_EQ(ts[0].energy, -150.0);
  EXPECT_DOUBLE_EQ(ts[0].lnprodfreq, 520.0);
  EXPECT_EQ(ts[0].pgorder, 2);
  EXPECT_EQ(ts[0].min1, 3u);
  EXPECT_EQ(ts[0].min2, 1u);
  ASSERT_TRUE(ts[0].imaginary_frequency.has_value());
  EXPECT_DOUBLE_EQ(*ts[0].imaginary_frequency, -0.75);
  std::filesystem::remove_all(dir);
}

TEST(TsDatabase, ConnectionColumnsAreEnoughForDisconnect) {
  const auto dir = scratch_dir("ts-connection");
  write_file(dir / "ts.data", "-1.0 2.0 1 1 2\n-2.0 2.0 1 2 3 and anything else\n");
  const auto ts = read_ts_data(dir / "ts.data", "ts.data", 3, TsDataColumns::kConnection);
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].min2, 3u);
  write_file(dir / "ts.data", "-1.0 2.0 1 1\n");
  EXPECT_EQ(database_error(
                [&] { read_ts_data(dir / "ts.data", "ts.data", 3, TsDataColumns::kConnection); }),
            "ts.data:1: expected at least 5 fields (E lnprodfreq pgorder min1 min2), got 4");
  std::filesystem::remove_all(dir);
}

TEST(TsDatabase, FormattedLinesReadBackBitExactly) {
  const auto dir = scratch_dir("ts-format");
  TransitionStateRecord r;
  r.energy = -169.361945964207905;
  r.lnprodfreq = 519.008500698187277;
  r.pgorder = 2;
  r.min1 = 12;
  r.min2 = 3;
  r.inertia = {59.0685138227, 61.0553599196, 66.9277053042};
  TransitionStateRecord s = r;
  s.imaginary_frequency = -1.25e-3;
  write_file(dir / "ts.data", format_ts_data_line(r) + format_ts_data_line(s));
  const auto back = read_ts_data(dir / "ts.data", "ts.data", 12);
  ASSERT_EQ(back.size(), 2u);
  for (const auto& b : back) {
    EXPECT_EQ(b.energy, r.energy);
    EXPECT_EQ(b.lnprodfreq, r.lnprodfreq);
    EXPECT_EQ(b.pgorder, 2);
    EXPECT_EQ(b.min1, 12u);
    EXPECT_EQ(b.inertia, r.inertia);
  }
  EXPECT_EQ(*back[1].imaginary_frequency, -1.25e-3);
  std::filesystem::remove_all(dir);
}

TEST(MinDataReader, BadLinesAndEnergyOnlyReading) {
  const auto dir = scratch_dir("min-data-reader");
  write_file(dir / "min.data", "-1.0 2.0 1 1 2 3\n-2.0 2.0 1 1 2\n");
  EXPECT_EQ(database_error([&] { read_min_data(dir / "min.data", "min.data"); }),
            "min.data:2: expected 6 fields, got 5");
  write_file(dir / "min.data", "-1.0 2.0 1.5 1 2 3\n");
  EXPECT_EQ(database_error([&] { read_min_data(dir / "min.data", "min.data"); }),
            "min.data:1: field 3 (pgorder): expected an integer, got '1.5'");
  write_file(dir / "min.data", "-1.0\n\n-3.0\n");
  EXPECT_EQ(
      database_error(
          [&] { read_min_data(dir / "min.data", "min.data", MinDataColumns::kEnergyOnly); }),
      "min.data:2: blank line: every line of min.data is a minimum (its line number is its index)");
  write_file(dir / "min.data", "-1.0\n-3.0D0 whatever\n\n");
  const auto m = read_min_data(dir / "min.data", "min.data", MinDataColumns::kEnergyOnly);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m[1].energy, -3.0);
  write_file(dir / "min.data", "energy\n");
  EXPECT_EQ(database_error(
                [&] { read_min_data(dir / "min.data", "min.data", MinDataColumns::kEnergyOnly); }),
            "min.data:1: field 1 (energy): expected a finite real number, got 'energy'");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
