// Choosing minima for MLSUP: alternation of rising and falling occupations at a temperature, the
// farthest minima from the best, seeded random draws, and the eq. 9 choice on a planted matrix.

#include "pathsample/minima_selection.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <vector>

#include "common/ml/misclassification.hpp"

namespace landscape::pathsample {
namespace {

std::vector<std::size_t> indices(const std::vector<MlminChoice>& chosen) {
  std::vector<std::size_t> out;
  for (const auto& c : chosen) out.push_back(c.index);
  return out;
}

TEST(MinimaSelectionTest, CvPeakAlternatesLargestRiseAndLargestFall) {
  //                           1     2     3     4      5     6
  const std::vector<double> dp = {0.1, -0.5, 0.7, -0.05, 0.0, 0.2};
  EXPECT_EQ(indices(choose_at_temperature(dp, 4, 0.5)), (std::vector<std::size_t>{3, 2, 6, 4}));
  // Falling minima run out after two: the rising ones continue, then the flat one.
  EXPECT_EQ(indices(choose_at_temperature(dp, 6, 0.5)),
            (std::vector<std::size_t>{3, 2, 6, 4, 1, 5}));
  const auto chosen = choose_at_temperature(dp, 2, 0.5);
  EXPECT_NE(chosen[0].reason.find("rises"), std::string::npos) << chosen[0].reason;
  EXPECT_NE(chosen[1].reason.find("falls"), std::string::npos) << chosen[1].reason;
  EXPECT_THROW(choose_at_temperature(dp, 7, 0.5), std::invalid_argument);
  EXPECT_THROW(choose_at_temperature(dp, 0, 0.5), std::invalid_argument);
}

TEST(MinimaSelectionTest, FarthestFromBestPutsTheBestFirstAndBreaksTiesByIndex) {
  const std::vector<double> d = {0.3, 0.0, 0.3, 0.9, 0.1};
  const auto chosen = choose_farthest_from_best(
      5, 3, 1, [&](std::size_t a) { return d[a]; }, "misclassification distance", "lowest loss");
  EXPECT_EQ(indices(chosen), (std::vector<std::size_t>{2, 4, 1}));
  EXPECT_NE(chosen[0].reason.find("lowest loss"), std::string::npos);
  EXPECT_NE(chosen[1].reason.find("0.900000"), std::string::npos) << chosen[1].reason;
}

TEST(MinimaSelectionTest, RandomDrawsAreDistinctAndRepeatForASeed) {
  const auto a = indices(choose_at_random(50, 20, 3));
  EXPECT_EQ(a, indices(choose_at_random(50, 20, 3)));
  EXPECT_NE(a, indices(choose_at_random(50, 20, 4)));
  EXPECT_EQ(std::set<std::size_t>(a.begin(), a.end()).size(), 20u);
  for (const std::size_t i : a) {
    EXPECT_GE(i, 1u);
    EXPECT_LE(i, 50u);
  }
  EXPECT_EQ(indices(choose_at_random(4, 4, 9)).size(), 4u);
}

TEST(MinimaSelectionTest, DiversityFindsThePlantedComplementaryMinima) {
  // Eight minima on 12 items: minima 0, 3 and 6 disagree pairwise on 8 items each, and together
  // on every item (for binary predictions the sum of the three distances is twice the number of
  // items where they are not unanimous: 24 is the maximum). The others are copies of one pattern
  // that agrees with two of them on 4 items whichever two: any triple with it sums to 16.
  PackedPredictions p(12, 2);
  const std::vector<int> p0 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const std::vector<int> p3 = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  const std::vector<int> p6 = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
  const std::vector<int> other = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0};
  for (int m = 0; m < 8; ++m) p.add(m == 0 ? p0 : m == 3 ? p3 : m == 6 ? p6 : other);
  std::string summary;
  const auto chosen = choose_diverse(misclassification_matrix(p, 1), 3, 1, summary);
  EXPECT_EQ(std::set<std::size_t>({chosen[0].index, chosen[1].index, chosen[2].index}),
            (std::set<std::size_t>{1, 4, 7}))
      << summary;
  EXPECT_NE(summary.find("eq. 9"), std::string::npos);
}

}  // namespace
}  // namespace landscape::pathsample
