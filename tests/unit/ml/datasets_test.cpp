// The MLSUP data sets: sizes, class balance, ranges, the generating rules, reproducibility from the
// seed, Fisher's iris table, the mislabelling of iris, and GMIN's MLPdata layouts.

#include "common/ml/datasets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "common/io/errors.hpp"
#include "common/ml/mlp_data.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape {
namespace {

std::string mlpdata_text(const LabelledData& d, MlpLayout layout) {
  std::ostringstream out;
  write_mlp_data(out, d, layout);
  return out.str();
}

namespace fs = std::filesystem;

std::size_t count_class(const LabelledData& data, int c) {
  return static_cast<std::size_t>(std::count(data.labels.begin(), data.labels.end(), c));
}

void expect_consistent(const LabelledData& data, std::size_t n, std::size_t n_features,
                       std::size_t n_classes) {
  EXPECT_EQ(data.size(), n);
  EXPECT_EQ(data.n_features, n_features);
  EXPECT_EQ(data.n_classes, n_classes);
  EXPECT_EQ(data.x.size(), n * n_features);
  for (const int label : data.labels) {
    EXPECT_GE(label, 0);
    EXPECT_LT(label, static_cast<int>(n_classes));
  }
}

// ---------------------------------------------------------------- spiral

TEST(Spiral, DefaultSizesAndExactlyAlternatingClasses) {
  const DataSplit d = spiral();
  expect_consistent(d.train, 3200, 2, 2);
  expect_consistent(d.test, 800, 2, 2);
  for (const LabelledData* set : {&d.train, &d.test})
    for (std::size_t i = 0; i < set->size(); ++i) EXPECT_EQ(set->labels[i], int(i % 2)) << i;
  EXPECT_EQ(count_class(d.train, 0), 1600u);
  EXPECT_EQ(count_class(d.test, 1), 400u);
  EXPECT_EQ(d.n_train_labels_changed, 0u);
  EXPECT_TRUE(d.train_true_labels.empty());
}

TEST(Spiral, PointsLieWithinTheNoisyArms) {
  const double noise = 0.05;
  const DataSplit d = spiral(3200, 800, 7, noise);
  const double r_min = 0.25 / 3.0;
  for (const LabelledData* set : {&d.train, &d.test}) {
    for (std::size_t i = 0; i < set->size(); ++i) {
      const double r = std::hypot(set->x[2 * i], set->x[2 * i + 1]);
      EXPECT_LE(r, 1.0 + noise * std::sqrt(2.0)) << i;
      EXPECT_GE(r, r_min - noise * std::sqrt(2.0)) << i;
    }
  }
}

TEST(Spiral, WithoutNoiseEachPointIsOnItsArm) {
  // Class 0: (r cos t, r sin t) with t = 3 pi r; class 1: the negative.
  const DataSplit d = spiral(400, 100, 3, 0.0);
  for (const LabelledData* set : {&d.train, &d.test}) {
    for (std::size_t i = 0; i < set->size(); ++i) {
      const double sign = set->labels[i] == 0 ? 1.0 : -1.0;
      const double x = sign * set->x[2 * i];
      const double y = sign * set->x[2 * i + 1];
      const double r = std::hypot(x, y);
      const double t = 3.0 * std::numbers::pi * r;
      EXPECT_GE(t, 0.25 * std::numbers::pi - 1e-12);
      EXPECT_LE(t, 3.0 * std::numbers::pi + 1e-12);
      EXPECT_NEAR(x, r * std::cos(t), 1e-12) << i;
      EXPECT_NEAR(y, r * std::sin(t), 1e-12) << i;
    }
  }
}

TEST(Spiral, NoiseIsUniformUpToItsBound) {
  // With a large noise the offsets from the noise-free points (same seed, same draws of t) must
  // fill [-noise, noise] in each coordinate and never exceed it.
  const double noise = 0.3;
  const DataSplit clean = spiral(2000, 0, 11, 0.0);
  const DataSplit noisy = spiral(2000, 0, 11, noise);
  double lo = 0.0, hi = 0.0, sum = 0.0;
  for (std::size_t k = 0; k < clean.train.x.size(); ++k) {
    const double dx = noisy.train.x[k] - clean.train.x[k];
    EXPECT_LE(std::abs(dx), noise + 1e-12);
    lo = std::min(lo, dx);
    hi = std::max(hi, dx);
    sum += dx;
  }
  EXPECT_LT(lo, -0.99 * noise);
  EXPECT_GT(hi, 0.99 * noise);
  EXPECT_NEAR(sum / static_cast<double>(clean.train.x.size()), 0.0, 0.02);
}

TEST(Spiral, SameSeedSameDataOtherSeedOtherData) {
  const DataSplit a = spiral(3200, 800, 42);
  const DataSplit b = spiral(3200, 800, 42);
  const DataSplit c = spiral(3200, 800, 43);
  EXPECT_EQ(a.train.x, b.train.x);  // bit for bit
  EXPECT_EQ(a.test.x, b.test.x);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_NE(a.train.x, c.train.x);
  EXPECT_NE(a.test.x, c.test.x);
}

TEST(Spiral, TestItemsContinueTheTrainingStream) {
  // Training items are drawn first, then the test items, from one stream; with an even training
  // size the classes line up too.
  const DataSplit split = spiral(3200, 800, 5);
  const DataSplit whole = spiral(4000, 0, 5);
  EXPECT_TRUE(whole.test.labels.empty());
  ASSERT_EQ(whole.train.size(), 4000u);
  const std::vector<double> tail(whole.train.x.begin() + 2 * 3200, whole.train.x.end());
  EXPECT_EQ(tail, split.test.x);
  EXPECT_TRUE(std::equal(split.train.x.begin(), split.train.x.end(), whole.train.x.begin()));
}

TEST(Spiral, RejectsBadArguments) {
  EXPECT_THROW(spiral(0, 10, 1), InputError);
  EXPECT_THROW(spiral(10, 10, 1, -0.1), InputError);
  EXPECT_THROW(spiral(10, 10, 1, std::nan("")), InputError);
}

// ---------------------------------------------------------------- checkerboard

int parity_rule(double x, double y) {
  // Cell indices 0..3 from the left and from the bottom; shifting both by 2 keeps the parity of
  // floor(2x) + floor(2y).
  const int i = static_cast<int>(std::floor(2.0 * (x + 1.0)));
  const int j = static_cast<int>(std::floor(2.0 * (y + 1.0)));
  return (i + j) % 2;
}

TEST(Checkerboard, SizesRangesAndTheParityRule) {
  const DataSplit d = checkerboard();
  expect_consistent(d.train, 3200, 2, 2);
  expect_consistent(d.test, 800, 2, 2);
  for (const LabelledData* set : {&d.train, &d.test}) {
    std::map<std::pair<int, int>, int> cells;
    for (std::size_t i = 0; i < set->size(); ++i) {
      const double x = set->x[2 * i], y = set->x[2 * i + 1];
      ASSERT_GE(x, -1.0);
      ASSERT_LE(x, 1.0);
      ASSERT_GE(y, -1.0);
      ASSERT_LE(y, 1.0);
      EXPECT_EQ(set->labels[i], parity_rule(x, y)) << x << " " << y;
      ++cells[{static_cast<int>(std::floor(2 * x)), static_cast<int>(std::floor(2 * y))}];
    }
    EXPECT_EQ(cells.size(), 16u);  // every cell of the 4 x 4 board is used
  }
}

TEST(Checkerboard, KnownCells) {
  // A hand check of the rule on the board: (0.1, 0.1) is in cell (0, 0), class 0; (0.6, 0.1) is in
  // (1, 0), class 1; (-0.1, 0.1) is in (-1, 0), class 1; (-0.6, -0.6) is in (-2, -2), class 0.
  EXPECT_EQ(parity_rule(0.1, 0.1), 0);
  EXPECT_EQ(parity_rule(0.6, 0.1), 1);
  EXPECT_EQ(parity_rule(-0.1, 0.1), 1);
  EXPECT_EQ(parity_rule(-0.6, -0.6), 0);
}

TEST(Checkerboard, ClassesCloseToHalfAndHalf) {
  // The share of class 1 is binomial with sd 0.5/sqrt(n): 0.009 for 3200 items.
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    const DataSplit d = checkerboard(3200, 800, seed);
    const double share = static_cast<double>(count_class(d.train, 1)) / 3200.0;
    EXPECT_NEAR(share, 0.5, 0.04) << seed;
    const double test_share = static_cast<double>(count_class(d.test, 1)) / 800.0;
    EXPECT_NEAR(test_share, 0.5, 0.08) << seed;
  }
}

TEST(Checkerboard, SameSeedSameDataOtherSeedOtherData) {
  const DataSplit a = checkerboard(500, 100, 9);
  const DataSplit b = checkerboard(500, 100, 9);
  const DataSplit c = checkerboard(500, 100, 10);
  EXPECT_EQ(a.train.x, b.train.x);
  EXPECT_EQ(a.test.x, b.test.x);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_NE(a.train.x, c.train.x);
  EXPECT_THROW(checkerboard(0, 1, 1), InputError);
}

// ---------------------------------------------------------------- iris

TEST(Iris, FishersTable) {
  const LabelledData iris = iris_data();
  expect_consistent(iris, 150, 4, 3);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(count_class(iris, c), 50u);
  // The classic per-class means (cm): sepal length, sepal width, petal length, petal width.
  const double means[3][4] = {
      {5.006, 3.428, 1.462, 0.246}, {5.936, 2.770, 4.260, 1.326}, {6.588, 2.974, 5.552, 2.026}};
  for (int c = 0; c < 3; ++c) {
    for (std::size_t k = 0; k < 4; ++k) {
      double sum = 0.0;
      for (std::size_t i = 0; i < iris.size(); ++i)
        if (iris.labels[i] == c) sum += iris.item(i)[k];
      EXPECT_NEAR(sum / 50.0, means[c][k], 1e-12) << "class " << c << " feature " << k;
    }
  }
  // First and last rows as published.
  EXPECT_EQ(std::vector<double>(iris.x.begin(), iris.x.begin() + 4),
            (std::vector<double>{5.1, 3.5, 1.4, 0.2}));
  EXPECT_EQ(std::vector<double>(iris.x.end() - 4, iris.x.end()),
            (std::vector<double>{5.9, 3.0, 5.1, 1.8}));
  EXPECT_EQ(iris.labels.front(), 0);
  EXPECT_EQ(iris.labels.back(), 2);
}

using Row = std::tuple<double, double, double, double, int>;

Row row_of(const LabelledData& data, std::size_t i, int label) {
  const auto f = data.item(i);
  return {f[0], f[1], f[2], f[3], label};
}

TEST(Iris, SplitIsAShuffleWithTrueTestLabels) {
  const LabelledData iris = iris_data();
  std::vector<Row> expected;
  for (std::size_t i = 0; i < iris.size(); ++i) expected.push_back(row_of(iris, i, iris.labels[i]));
  std::sort(expected.begin(), expected.end());

  for (const std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    const DataSplit d = iris_mislabelled(seed);
    expect_consistent(d.train, 120, 4, 3);
    expect_consistent(d.test, 30, 4, 3);
    ASSERT_EQ(d.train_true_labels.size(), 120u);
    // Test items with their labels, and training items with their true labels, are exactly
    // Fisher's 150 rows: so the test labels are untouched.
    std::vector<Row> rows;
    for (std::size_t i = 0; i < 120; ++i)
      rows.push_back(row_of(d.train, i, d.train_true_labels[i]));
    for (std::size_t i = 0; i < 30; ++i) rows.push_back(row_of(d.test, i, d.test.labels[i]));
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, expected) << seed;
  }
  // The shuffle depends on the seed (the published order would put only virginica in the test set).
  const DataSplit a = iris_mislabelled(1), b = iris_mislabelled(2);
  EXPECT_NE(a.test.x, b.test.x);
  EXPECT_LT(count_class(a.test, 2), 30u);
}

TEST(Iris, AboutFortyFivePercentOfTrainingLabelsChangedEachToAnotherClass) {
  std::size_t total_changed = 0, forward_one = 0;
  const int n_seeds = 40;
  for (int seed = 1; seed <= n_seeds; ++seed) {
    const DataSplit d = iris_mislabelled(static_cast<std::uint64_t>(seed));
    std::size_t differing = 0;
    for (std::size_t i = 0; i < 120; ++i) {
      if (d.train.labels[i] == d.train_true_labels[i]) continue;
      ++differing;
      if (d.train.labels[i] == (d.train_true_labels[i] + 1) % 3) ++forward_one;
    }
    // Each change picks another class, so the reported count is exactly the number that differ.
    EXPECT_EQ(differing, d.n_train_labels_changed) << seed;
    // Binomial(120, 0.45): mean 54, sd 5.45; allow 5 sd.
    EXPECT_GE(d.n_train_labels_changed, 27u) << seed;
    EXPECT_LE(d.n_train_labels_changed, 81u) << seed;
    total_changed += d.n_train_labels_changed;
  }
  // Over 4800 labels the share has sd 0.007.
  const double share = static_cast<double>(total_changed) / (120.0 * n_seeds);
  EXPECT_NEAR(share, 0.45, 0.03);
  // The wrong class is either of the other two with equal probability.
  EXPECT_NEAR(static_cast<double>(forward_one) / static_cast<double>(total_changed), 0.5, 0.05);
}

TEST(Iris, FractionBoundsAndReproducibility) {
  const DataSplit none = iris_mislabelled(5, 0.0);
  EXPECT_EQ(none.n_train_labels_changed, 0u);
  EXPECT_EQ(none.train.labels, none.train_true_labels);
  const DataSplit all = iris_mislabelled(5, 1.0);
  EXPECT_EQ(all.n_train_labels_changed, 120u);
  for (std::size_t i = 0; i < 120; ++i) EXPECT_NE(all.train.labels[i], all.train_true_labels[i]);
  // The split itself does not depend on the fraction: the shuffle is drawn first.
  EXPECT_EQ(none.train.x, all.train.x);

  const DataSplit a = iris_mislabelled(8), b = iris_mislabelled(8);
  EXPECT_EQ(a.train.x, b.train.x);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_EQ(a.test.labels, b.test.labels);

  EXPECT_EQ(iris_mislabelled(1, 0.45, 50).test.size(), 50u);
  EXPECT_THROW(iris_mislabelled(1, 0.45, 0), InputError);
  EXPECT_THROW(iris_mislabelled(1, 0.45, 150), InputError);
  EXPECT_THROW(iris_mislabelled(1, 1.5), InputError);
  EXPECT_THROW(iris_mislabelled(1, -0.1), InputError);
}

// ---------------------------------------------------------------- make_dataset

TEST(MakeDataset, DispatchesByNameWithDefaults) {
  const DataSplit s = make_dataset("spiral", 3, 0, 0);
  EXPECT_EQ(s.train.size(), 3200u);
  EXPECT_EQ(s.test.size(), 800u);
  EXPECT_EQ(s.train.x, spiral(3200, 800, 3).train.x);
  const DataSplit c = make_dataset("CheckerBoard", 3, 100, 20);
  EXPECT_EQ(c.train.x, checkerboard(100, 20, 3).train.x);
  EXPECT_EQ(c.test.size(), 20u);

  const DataSplit i = make_dataset("iris", 3, 0, 0);
  EXPECT_EQ(i.train.size(), 120u);
  EXPECT_EQ(i.test.size(), 30u);
  EXPECT_EQ(i.train.labels, iris_mislabelled(3).train.labels);
  EXPECT_EQ(i.n_train_labels_changed, iris_mislabelled(3).n_train_labels_changed);
  EXPECT_EQ(make_dataset("iris", 3, 100, 0).test.size(), 50u);
  EXPECT_EQ(make_dataset("iris", 3, 0, 40).train.size(), 110u);
  EXPECT_EQ(make_dataset("iris", 3, 75, 75).test.size(), 75u);
  EXPECT_THROW(make_dataset("iris", 3, 3200, 800), InputError);
  EXPECT_THROW(make_dataset("iris", 3, 0, 150), InputError);

  ASSERT_EQ(dataset_names().size(), 3u);
  EXPECT_EQ(dataset_names()[0], "spiral");
}

TEST(MakeDataset, UnknownNameListsTheKnownOnes) {
  try {
    make_dataset("moons", 1, 0, 0);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "unknown data set 'moons': expected one of spiral, checkerboard, iris");
  }
}

// ---------------------------------------------------------------- MLPdata

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::istringstream is(line);
  std::vector<std::string> fields;
  for (std::string f; is >> f;) fields.push_back(f);
  return fields;
}

double parse_real(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  EXPECT_EQ(*end, '\0') << s;
  return v;
}

class MlpdataFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::scratch_dir(std::string("datasets-") +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A data set with awkward values: round-off-prone fractions, tiny and huge magnitudes, -0.
  static LabelledData awkward() {
    LabelledData d;
    d.n_features = 3;
    d.n_classes = 3;
    d.x = {1.0 / 3.0, -0.1, 1e-300, 2.0 / 7.0, 6.02214076e23, -0.0, 5.1, 0.2, -1.0 / 9.0};
    d.labels = {2, 0, 1};
    return d;
  }

  void expect_round_trip(const LabelledData& data, bool label_first) {
    const fs::path path = dir_ / "MLPdata";
    write_mlp_data(path, data, label_first ? MlpLayout::kMlpVb3 : MlpLayout::kMlp3);
    const auto lines = read_lines(path);
    ASSERT_EQ(lines.size(), data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
      const auto fields = split_fields(lines[i]);
      ASSERT_EQ(fields.size(), data.n_features + 1) << lines[i];
      const std::string& label = label_first ? fields.front() : fields.back();
      EXPECT_EQ(label, std::to_string(data.labels[i])) << lines[i];  // an integer, from 0
      const std::size_t first = label_first ? 1 : 0;
      for (std::size_t k = 0; k < data.n_features; ++k) {
        const double v = parse_real(fields[first + k]);
        const double expected = data.item(i)[k];
        EXPECT_EQ(v, expected) << lines[i];
        EXPECT_EQ(std::signbit(v), std::signbit(expected)) << lines[i];
      }
    }
  }

  fs::path dir_;
};

TEST_F(MlpdataFile, LabelFirstLayoutRoundTrips) {
  expect_round_trip(awkward(), true);
  expect_round_trip(spiral(200, 0, 4).train, true);
  expect_round_trip(iris_mislabelled(4).test, true);
}

TEST_F(MlpdataFile, LabelLastLayoutRoundTrips) {
  expect_round_trip(awkward(), false);
  expect_round_trip(checkerboard(200, 0, 4).train, false);
}

TEST_F(MlpdataFile, ExactText) {
  LabelledData d;
  d.n_features = 2;
  d.n_classes = 2;
  d.x = {0.5, -2.0, 0.1, 3.0};
  d.labels = {1, 0};
  EXPECT_EQ(mlpdata_text(d, MlpLayout::kMlpVb3), "1 0.5 -2\n0 0.10000000000000001 3\n");
  EXPECT_EQ(mlpdata_text(d, MlpLayout::kMlp3), "0.5 -2 1\n0.10000000000000001 3 0\n");
}

TEST_F(MlpdataFile, ErrorsAreReported) {
  EXPECT_THROW(write_mlp_data(dir_ / "no_such_dir" / "MLPdata", awkward(), MlpLayout::kMlpVb3),
               RuntimeError);
  LabelledData bad = awkward();
  bad.x.pop_back();
  EXPECT_THROW(mlpdata_text(bad, MlpLayout::kMlpVb3), std::invalid_argument);
}

}  // namespace
}  // namespace landscape
