#pragma once
// The data sets of the MLSUP paper (Niroomand, Morgan, Cafolla & Wales, Mach. Learn.: Sci. Technol.
// 3, 025004 (2022)): the noisy spiral, the checkerboard and iris with mislabelled training items,
// generated from a seed, and their output in GMIN's `MLPdata` layout (doc/file_formats.md).
// The paper gives no formulas for the spiral and the checkerboard; ours are those of
// the data sets of Niroomand et al. 2022, as doc/user_guide.md describes them.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ml/labelled_data.hpp"

namespace landscape {

/// A training set and a test set drawn together.
struct DataSplit {
  LabelledData train;
  LabelledData test;
  /// Number of training labels that the generator replaced by a wrong class (iris only; 0 for the
  /// others).
  std::size_t n_train_labels_changed = 0;
  /// The true class of each training item before mislabelling, filled only by generators that
  /// mislabel (iris); empty otherwise.
  std::vector<int> train_true_labels;
};

/// The generators draw everything from one landscape::Rng(seed): the same seed gives the same data
/// bit for bit on every platform. A test size of 0 gives an empty test set.

/// Default sizes of the synthetic sets (Niroomand et al. 2022: 3200 training and 800 test points).
inline constexpr std::size_t kDefaultTrainSize = 3200;
inline constexpr std::size_t kDefaultTestSize = 800;
/// Fisher's iris: 150 items, split 120/30 by default.
inline constexpr std::size_t kIrisSize = 150;
inline constexpr std::size_t kIrisDefaultTestSize = 30;

/// Two interleaved spiral arms (Lang & Witbrock 1988), 2 features, 2 classes. Item i (counted
/// separately in each set) has class i % 2, so classes alternate from class 0. For each item, in
/// this order of draws from Rng(seed): angle t uniform in [0.25, 3)*pi, radius r = t/(3 pi), point
/// (r cos t, r sin t), negated for class 1; then uniform noise in [-noise, noise) added to x, then
/// to y. The training items are drawn first, then the test items, from one stream.
/// Throws InputError if n_train is 0 or noise is negative or not finite.
DataSplit spiral(std::size_t n_train = kDefaultTrainSize, std::size_t n_test = kDefaultTestSize,
                 std::uint64_t seed = 1, double noise = 0.05);

/// Checkerboard: points uniform in [-1, 1)^2 (x drawn before y), on a 4 x 4 board of cells of side
/// 0.5; class = parity of floor(2x) + floor(2y), so the cell [0, 0.5)^2 is class 0. 2 features,
/// 2 classes. Training items first, then test items, from one stream of Rng(seed).
/// Throws InputError if n_train is 0.
DataSplit checkerboard(std::size_t n_train = kDefaultTrainSize,
                       std::size_t n_test = kDefaultTestSize, std::uint64_t seed = 1);

/// Fisher's 150 iris items in their published order: 4 features (sepal length, sepal width, petal
/// length, petal width, in cm), 3 classes (0 setosa, 1 versicolor, 2 virginica).
LabelledData iris_data();

/// Iris with mislabelled training items (Niroomand et al. 2022). Rng(seed) first shuffles the 150
/// items (Fisher-Yates); the first 150 - n_test form the training set, the rest the test set. Then
/// each training label, in order, is replaced with probability `fraction` by one of the other two
/// classes chosen uniformly. Test labels stay true. The result records how many labels were changed
/// and the true training labels. Throws InputError unless 0 < n_test < 150 and 0 <= fraction <= 1.
DataSplit iris_mislabelled(std::uint64_t seed = 1, double fraction = 0.45,
                           std::size_t n_test = kIrisDefaultTestSize);

/// The names make_dataset knows: "spiral", "checkerboard", "iris".
std::span<const std::string_view> dataset_names();

/// One of the data sets by name (case-insensitive), with its default noise / mislabelled fraction.
/// A size of 0 means the data set's default: 3200 / 800 for spiral and checkerboard. Iris has 150
/// items, so its sizes must add up to 150: both 0 gives 120 / 30, one of them 0 is derived from the
/// other, and two non-zero sizes with another sum are an InputError. An unknown name is an
/// InputError that lists the known names.
DataSplit make_dataset(std::string_view name, std::uint64_t seed, std::size_t n_train = 0,
                       std::size_t n_test = 0);

/// MLPdata files are written by write_mlp_data in common/ml/mlp_data.hpp (the format's owner).

}  // namespace landscape
