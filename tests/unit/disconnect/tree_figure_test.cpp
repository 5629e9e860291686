// The drawing's labels: energy axis labels that never read the same, minimum numbers that never
// overlap.
#include "disconnect/tree_figure.hpp"

#include <gtest/gtest.h>

#include <set>

namespace landscape::disconnect {
namespace {

/// The global minimum 0 joined to n - 1 minima by transition states at E = -2, the minima's
/// energies spread between -10 and -9: n branch ends side by side, close together.
DisconnectivityInput crowd(std::size_t n) {
  DisconnectivityInput in;
  in.minimum_energies.push_back(-10.0);
  for (std::size_t m = 1; m < n; ++m) {
    in.minimum_energies.push_back(-10.0 + static_cast<double>(m) / static_cast<double>(n));
    in.transition_states.push_back({-2.0, 0, m});
  }
  return in;
}

DisconnectOptions options(double first, double delta, std::size_t levels) {
  DisconnectOptions o;
  o.graph.first = first;
  o.graph.delta = delta;
  o.graph.levels = levels;
  o.label_size = 10.0;
  return o;
}

TEST(EnergyAxisLabels, MoreDecimalsWhenTheFormatIsTooCoarseForDelta) {
  DisconnectOptions o = options(-1.0, 0.02, 10);
  o.label_width = 8;
  o.label_decimals = 1;  // F8.1: -1.00 and -1.02 would both read -1.0
  const auto g = build_disconnectivity_graph(crowd(5), o.graph);
  const auto axis = energy_axis_labels(g, o, TreePage::for_options(o));
  EXPECT_GE(axis.decimals, 2);
  EXPECT_EQ(axis.stride, 1u);
  for (std::size_t l = 1; l < axis.labels.size(); ++l)
    EXPECT_NE(axis.labels[l], axis.labels[l - 1]) << "level " << l;
  EXPECT_EQ(axis.labels[1], "-1.02");
}

TEST(EnergyAxisLabels, WiderFieldInsteadOfAsterisks) {
  DisconnectOptions o = options(-168.5, 0.2, 8);
  o.label_width = 4;
  o.label_decimals = 1;  // F4.1 cannot hold -168.5
  const auto g = build_disconnectivity_graph(crowd(5), o.graph);
  const auto axis = energy_axis_labels(g, o, TreePage::for_options(o));
  EXPECT_EQ(axis.decimals, 1);
  EXPECT_EQ(axis.labels[0], "-168.5");
  for (const auto& label : axis.labels) EXPECT_EQ(label.find('*'), std::string::npos);
}

TEST(EnergyAxisLabels, ALabelEveryFewLevelsWhenLevelsAreDense) {
  const DisconnectOptions o = options(-1.0, 0.01, 400);
  const auto g = build_disconnectivity_graph(crowd(5), o.graph);
  const TreePage page = TreePage::for_options(o);
  const auto axis = energy_axis_labels(g, o, page);
  ASSERT_GT(axis.stride, 1u);
  double last_y = 1e9;
  std::set<std::string> seen;
  for (std::size_t l = 0; l < axis.labels.size(); ++l) {
    if (axis.labels[l].empty()) {
      EXPECT_NE(l % axis.stride, 0u);
      continue;
    }
    EXPECT_EQ(l % axis.stride, 0u);
    const double y = page.y(g.levels[l].energy);
    EXPECT_GE(last_y - y, 12.0 - 1e-9);  // 1.2 x the 10-point axis font
    last_y = y;
    EXPECT_TRUE(seen.insert(axis.labels[l]).second) << axis.labels[l];
  }
}

TEST(MinimumLabels, IdentifyLabelsNeverOverlap) {
  DisconnectOptions o = options(-1.0, 0.5, 20);
  o.identify = true;
  o.id_minima = {1, 37};
  const std::size_t n = 300;
  const auto g = build_disconnectivity_graph(crowd(n), o.graph);
  const auto labels = minimum_labels(g, o, TreePage::for_options(o), n);
  ASSERT_EQ(labels.size(), n);  // every minimum once; IDMIN's not twice
  std::size_t ticks = 0, moved = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    ticks += labels[i].tick;
    moved += labels[i].moved;
    EXPECT_LT(labels[i].box.top(), labels[i].y);  // below its branch end
    EXPECT_NEAR(0.5 * (labels[i].box.left + labels[i].box.right()), labels[i].x, 1e-9);
    for (std::size_t j = i + 1; j < labels.size(); ++j)
      EXPECT_FALSE(overlap(labels[i].box, labels[j].box))
          << "minima " << labels[i].text << " and " << labels[j].text;
  }
  EXPECT_EQ(ticks, 2u);
  EXPECT_GT(moved, 0u);  // 300 numbers across a page must stack
}

}  // namespace
}  // namespace landscape::disconnect
