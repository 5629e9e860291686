// Labels placed below their anchors without overlaps (place_labels_below).
#include "common/plotting/label_placement.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace landscape {
namespace {

void expect_no_overlap(const std::vector<LabelBox>& boxes) {
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      EXPECT_FALSE(overlap(boxes[i], boxes[j])) << "labels " << i << " and " << j;
}

TEST(LabelPlacement, FreeLabelsStayWhereWanted) {
  const std::vector<LabelBox> wanted{{0, 0, 5, 4}, {6, 0, 5, 4}, {20, 10, 5, 4}};
  const auto placed = place_labels_below(wanted, 5.0);
  for (std::size_t i = 0; i < wanted.size(); ++i) EXPECT_EQ(placed[i].bottom, wanted[i].bottom);
}

TEST(LabelPlacement, ClashingLabelsStackDownByWholeRows) {
  // Three labels wanted at the same place: rows 0, 1 and 2 below it, in the order given.
  const std::vector<LabelBox> wanted(3, LabelBox{10, 100, 8, 4});
  const auto placed = place_labels_below(wanted, 5.0);
  EXPECT_EQ(placed[0].bottom, 100.0);
  EXPECT_EQ(placed[1].bottom, 95.0);
  EXPECT_EQ(placed[2].bottom, 90.0);
  expect_no_overlap(placed);
  // A label that touches its neighbour's edge does not move.
  const auto side = place_labels_below({{0, 0, 5, 4}, {5, 0, 5, 4}}, 5.0);
  EXPECT_EQ(side[1].bottom, 0.0);
}

TEST(LabelPlacement, TakesTheFirstFreeRow) {
  // The third label clashes with the second at its wanted place, and row 1 below it is held by
  // the first, a wide label further left: it goes to row 2.
  const std::vector<LabelBox> wanted{{0, 95, 30, 4}, {10, 100, 8, 4}, {12, 100, 8, 4}};
  const auto placed = place_labels_below(wanted, 5.0);
  EXPECT_EQ(placed[0].bottom, 95.0);
  EXPECT_EQ(placed[1].bottom, 100.0);
  EXPECT_EQ(placed[2].bottom, 90.0);  // row 1 (95) holds label 0
  expect_no_overlap(placed);
}

TEST(LabelPlacement, DenseRandomLabelsNeverOverlapAndOnlyMoveDown) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> x(0.0, 200.0), y(0.0, 50.0), w(3.0, 15.0);
  std::vector<LabelBox> wanted;
  for (int i = 0; i < 600; ++i) wanted.push_back({x(rng), y(rng), w(rng), 4.0});
  const auto placed = place_labels_below(wanted, 5.0);
  expect_no_overlap(placed);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    EXPECT_LE(placed[i].bottom, wanted[i].bottom);
    const double rows = (wanted[i].bottom - placed[i].bottom) / 5.0;
    EXPECT_NEAR(rows, std::round(rows), 1e-9);
    EXPECT_EQ(placed[i].left, wanted[i].left);
  }
}

TEST(LabelPlacement, RejectsARowOfNoHeight) {
  EXPECT_THROW(place_labels_below({{0, 0, 1, 1}}, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace landscape
