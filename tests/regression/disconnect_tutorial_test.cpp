// disconnect on the LJ38 tutorial databases (04: 12 minima; 05: 64 minima) against the real
// disconnectionDPS's tree.ps.expected: the same branch ends, the same energies at which branches
// join, and in fact the same line segments; CENTREGMIN; valid PostScript, SVG and PNG.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "disconnect/disconnect_keywords.hpp"
#include "disconnect/disconnect_run.hpp"
#include "disconnect/disconnectivity_graph.hpp"
#include "disconnect/tree_figure.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace ps = landscape::disconnect;

struct Segment {
  double x1, y1, x2, y2;
};

std::filesystem::path tutorial(const std::string& step) { return lj38_tutorial_dir() / step; }

/// The branches of a disconnectionDPS tree.ps: the "x y mt x y ls" lines after the axis (the
/// "Manipulate landmark") and before the first colour change (the IDMIN labels).
std::vector<Segment> expected_segments(const std::filesystem::path& file) {
  std::string text = read_file(file);
  text = text.substr(text.find("% Manipulate landmark."));
  text = text.substr(0, text.find("setrgbcolor"));
  std::vector<Segment> out;
  const std::regex line(R"(([-\d.]+)\s+([-\d.]+)\s+mt\s+([-\d.]+)\s+([-\d.]+)\s+ls)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), line); it != std::sregex_iterator();
       ++it)
    out.push_back(
        {std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
  return out;
}

/// What the tests compare, read off line segments on the page.
struct TreeShape {
  std::size_t ends = 0;  ///< segments whose lower end starts no other segment
  std::map<long long, std::size_t>
      joins;  ///< energy (in 1e-6) of each split -> branches leaving it
};

long long key(double v) { return std::llround(v * 100.0); }  // page coordinates to 0.01 pt

TreeShape shape(const std::vector<Segment>& segments, const ps::TreePage& page) {
  std::map<std::pair<long long, long long>, std::size_t> starts;
  for (const auto& s : segments) ++starts[{key(s.x1), key(s.y1)}];
  TreeShape t;
  for (const auto& s : segments)
    if (!starts.count({key(s.x2), key(s.y2)})) ++t.ends;
  for (const auto& [point, n] : starts) {
    if (n < 2) continue;
    const double y = static_cast<double>(point.second) / 100.0;
    const double f = (page.height - page.margin_y - y) / (page.height - 2 * page.margin_y);
    const double energy = page.first - f * page.delta * static_cast<double>(page.levels - 1);
    t.joins[std::llround(energy * 1e6)] += n;
  }
  return t;
}

struct OurTree {
  ps::DisconnectOptions options;
  ps::DisconnectivityGraph graph;
  std::vector<Segment> segments;
  ps::TreePage page;
};

/// The graph of a tutorial step built by the library from its dinfo and .expected files.
OurTree our_tree(const std::string& step) {
  OurTree t;
  const std::string dinfo = read_file(tutorial(step) / "dinfo");
  const auto parsed =
      ps::disconnect_keyword_table().parse("dinfo", ps::hash_comments_to_bang(dinfo), t.options);
  EXPECT_TRUE(parsed.ok()) << keywords::format_all(parsed.diagnostics);
  const auto minima =
      read_min_data(tutorial(step) / "min.data.expected", "min.data", MinDataColumns::kEnergyOnly);
  const auto ts = read_ts_data(tutorial(step) / "ts.data.expected", "ts.data", minima.size());
  ps::DisconnectivityInput in;
  for (const auto& m : minima) in.minimum_energies.push_back(m.energy);
  for (const auto& s : ts) in.transition_states.push_back({s.energy, s.min1 - 1, s.min2 - 1});
  t.options.graph.connect_min = static_cast<std::size_t>(t.options.connect_min - 1);
  t.graph = ps::build_disconnectivity_graph(in, t.options.graph);
  t.page = ps::TreePage::for_options(t.options);
  for (const auto& s : t.graph.segments)
    t.segments.push_back({t.page.x(s.x1), t.page.y(s.e1), t.page.x(s.x2), t.page.y(s.e2)});
  return t;
}

void expect_same_tree_as_disconnection_dps(const std::string& step, std::size_t expected_ends) {
  SCOPED_TRACE(step);
  const auto expected = expected_segments(tutorial(step) / "tree.ps.expected");
  const OurTree ours = our_tree(step);
  const TreeShape want = shape(expected, ours.page), got = shape(ours.segments, ours.page);
  EXPECT_EQ(want.ends, expected_ends);
  EXPECT_EQ(got.ends, want.ends);
  EXPECT_EQ(got.joins, want.joins);
  // Segment for segment, in the same order (the real program prints two decimals).
  ASSERT_EQ(ours.segments.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Segment& a = expected[i];
    const Segment& b = ours.segments[i];
    EXPECT_NEAR(b.x1, a.x1, 0.0051) << "segment " << i;
    EXPECT_NEAR(b.y1, a.y1, 0.0051) << "segment " << i;
    EXPECT_NEAR(b.x2, a.x2, 0.0051) << "segment " << i;
    EXPECT_NEAR(b.y2, a.y2, 0.0051) << "segment " << i;
  }
}

TEST(DisconnectTutorial, Step04HasTheRealProgramsBranchesAndJoins) {
  expect_same_tree_as_disconnection_dps("04_pathsample", 10);
}

TEST(DisconnectTutorial, Step05HasTheRealProgramsBranchesAndJoins) {
  expect_same_tree_as_disconnection_dps("05_pathsample_expanded", 40);
}

TEST(DisconnectTutorial, CentregminPutsTheGlobalMinimumInTheMiddleOfEverySplit) {
  for (const char* step : {"04_pathsample", "05_pathsample_expanded"}) {
    SCOPED_TRACE(step);
    const OurTree t = our_tree(step);
    ASSERT_TRUE(t.options.graph.centre_gmin);
    std::size_t splits = 0;
    for (std::size_t l = 1; l < t.graph.levels.size(); ++l) {
      const auto& level = t.graph.levels[l];
      if (level.gmin_node == ps::TreeNode::kNoNode) continue;
      const std::size_t parent = level.nodes[level.gmin_node].parent;
      std::vector<std::size_t> siblings;
      for (std::size_t k : level.order)
        if (level.nodes[k].parent == parent) siblings.push_back(k);
      const auto at =
          std::find(siblings.begin(), siblings.end(), level.gmin_node) - siblings.begin();
      EXPECT_EQ(static_cast<std::size_t>(at), siblings.size() / 2) << "level " << l + 1;
      splits += siblings.size() > 1;
    }
    EXPECT_GT(splits, 0u);
  }
}

TEST(DisconnectTutorial, TheProgramWritesValidPostScriptSvgAndPng) {
  const std::string step = "05_pathsample_expanded";
  const auto dir = scratch_dir("disconnect-05");
  std::filesystem::copy_file(tutorial(step) / "dinfo", dir / "dinfo");
  std::filesystem::copy_file(tutorial(step) / "min.data.expected", dir / "min.data");
  std::filesystem::copy_file(tutorial(step) / "ts.data.expected", dir / "ts.data");
  const RunResult r = run_program("disconnect", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("40 branch ends"), std::string::npos) << r.out;
  const std::string tree_ps = read_file(dir / "tree.ps");
  EXPECT_EQ(tree_ps.rfind("%!PS-Adobe-3.0", 0), 0u);
  EXPECT_NE(tree_ps.find("%%DocumentMedia: A4 595 842"), std::string::npos);
  EXPECT_NE(tree_ps.find("%%EOF"), std::string::npos);
  const std::string svg = read_file(dir / "tree.svg");
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("viewBox=\"0 0 595 842\""), std::string::npos);
  // Every element opened is closed (cairo's SVG plus our tooltips).
  const std::regex tag(R"(<(/?)([A-Za-z]+)[^>]*?(/?)>)");
  std::vector<std::string> open;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    if (m[3] == "/") continue;
    if (m[1] == "/") {
      ASSERT_FALSE(open.empty());
      EXPECT_EQ(open.back(), m[2]);
      open.pop_back();
    } else {
      open.push_back(m[2]);
    }
  }
  EXPECT_TRUE(open.empty());
  // One tooltip per branch end, naming the global minimum among them.
  std::size_t titles = 0;
  for (std::size_t p = svg.find("<title>minimum "); p != std::string::npos;
       p = svg.find("<title>minimum ", p + 1))
    ++titles;
  EXPECT_EQ(titles, 40u);
  EXPECT_NE(svg.find("<title>minimum 2, E = -173.9284266</title>"), std::string::npos);
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir / "tree.png").c_str());
  EXPECT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(png), 1190);
  EXPECT_EQ(cairo_image_surface_get_height(png), 1684);
  cairo_surface_destroy(png);
  std::filesystem::remove_all(dir);
}

TEST(DisconnectTutorial, DumpsLabelsAndPageOptions) {
  const std::string step = "05_pathsample_expanded";
  const auto dir = scratch_dir("disconnect-dumps");
  std::filesystem::copy_file(tutorial(step) / "min.data.expected", dir / "min.data");
  std::filesystem::copy_file(tutorial(step) / "ts.data.expected", dir / "ts.data");
  write_file(dir / "low.list", "2\n8\n");
  write_file(dir / "pick.list", "-3\n");
  write_file(
      dir / "dinfo",
      "DELTA 0.2\nFIRST -168.5\nLEVELS 29\nMINIMA min.data\nTS ts.data\nTSTHRESH -168.5\nNCONNMIN "
      "0\nCONNECTMIN 2\nCENTREGMIN\nDUMPNUMBERS\nDUMPSIZES\nIDENTIFY\nIDENTIFY_NODE "
      "3\nIDENTIFY_NODE_SIZE 3\nLABELSIZE 5\nLABELFORMAT F7.1\nLETTER\nTRMIN 1 64 "
      "low.list\nCHOOSECOLOURS\nCOLOUROUTPUT\nPICK pick.list\n");
  const RunResult r = run_program("disconnect", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  // node_sizes: level 1 holds every minimum drawn; the sizes of each level add up to at most that.
  const std::string sizes = read_file(dir / "node_sizes");
  EXPECT_EQ(sizes.rfind("Level:  1 energy      -168.5000000000\n", 0), 0u) << sizes.substr(0, 80);
  EXPECT_NE(sizes.find("    1:     39\n"),
            std::string::npos);  // 40 minima less minimum 3 (PICK -3)
  const std::string numbers = read_file(dir / "node_numbers");
  EXPECT_EQ(numbers.rfind("\nLEVEL   1\n=========\n\nNode      1\n     1\n     2\n", 0), 0u)
      << numbers.substr(0, 80);
  EXPECT_EQ(numbers.find("\n     3\n"), std::string::npos);
  const std::string sections = read_file(dir / "node_sections");
  EXPECT_NE(sections.find("--> Colour      1"), std::string::npos);
  const std::string tree_ps = read_file(dir / "tree.ps");
  EXPECT_NE(tree_ps.find("%%DocumentMedia: Letter 612 792"), std::string::npos);  // LETTER
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
