#include "common/ml/datasets.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "common/io/errors.hpp"
#include "common/random/rng.hpp"

namespace landscape {
namespace {

constexpr std::array<std::string_view, 3> kDatasetNames = {"spiral", "checkerboard", "iris"};

LabelledData empty_set(std::size_t n_features, std::size_t n_classes, std::size_t n_items) {
  LabelledData data;
  data.n_features = n_features;
  data.n_classes = n_classes;
  data.x.reserve(n_items * n_features);
  data.labels.reserve(n_items);
  return data;
}

void append_spiral_items(LabelledData& data, std::size_t n_items, double noise, Rng& rng) {
  constexpr double kPi = std::numbers::pi;
  for (std::size_t i = 0; i < n_items; ++i) {
    const int label = static_cast<int>(i % 2);
    const double t = rng.uniform(0.25 * kPi, 3.0 * kPi);
    const double r = t / (3.0 * kPi);
    const double sign = label == 0 ? 1.0 : -1.0;
    const double x = sign * r * std::cos(t) + noise * rng.symmetric();
    const double y = sign * r * std::sin(t) + noise * rng.symmetric();
    data.x.push_back(x);
    data.x.push_back(y);
    data.labels.push_back(label);
  }
}

int checkerboard_class(double x, double y) {
  const long cell_sum =
      static_cast<long>(std::floor(2.0 * x)) + static_cast<long>(std::floor(2.0 * y));
  // The sum is negative left of or below the origin, where % gives -1 for odd sums.
  return static_cast<int>(cell_sum % 2 != 0);
}

void append_checkerboard_items(LabelledData& data, std::size_t n_items, Rng& rng) {
  for (std::size_t i = 0; i < n_items; ++i) {
    const double x = rng.symmetric();
    const double y = rng.symmetric();
    data.x.push_back(x);
    data.x.push_back(y);
    data.labels.push_back(checkerboard_class(x, y));
  }
}

void require_training_items(std::string_view name, std::size_t n_train) {
  if (n_train == 0)
    throw InputError(fmt::format("{}: the training set needs at least one item, got 0", name));
}

std::string lower_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

DataSplit spiral(std::size_t n_train, std::size_t n_test, std::uint64_t seed, double noise) {
  require_training_items("spiral", n_train);
  if (!std::isfinite(noise) || noise < 0.0)
    throw InputError(fmt::format("spiral: noise must be finite and >= 0, got {}", noise));
  Rng rng(seed);
  DataSplit split;
  split.train = empty_set(2, 2, n_train);
  split.test = empty_set(2, 2, n_test);
  append_spiral_items(split.train, n_train, noise, rng);
  append_spiral_items(split.test, n_test, noise, rng);
  return split;
}

DataSplit checkerboard(std::size_t n_train, std::size_t n_test, std::uint64_t seed) {
  require_training_items("checkerboard", n_train);
  Rng rng(seed);
  DataSplit split;
  split.train = empty_set(2, 2, n_train);
  split.test = empty_set(2, 2, n_test);
  append_checkerboard_items(split.train, n_train, rng);
  append_checkerboard_items(split.test, n_test, rng);
  return split;
}

DataSplit iris_mislabelled(std::uint64_t seed, double fraction, std::size_t n_test) {
  if (n_test == 0 || n_test >= kIrisSize)
    throw InputError(
        fmt::format("iris: the test set must hold between 1 and {} of the {} items, got {}",
                    kIrisSize - 1, kIrisSize, n_test));
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw InputError(
        fmt::format("iris: the mislabelled fraction must lie in [0, 1], got {}", fraction));
  const LabelledData all = iris_data();
  const std::size_t n = all.size();
  const std::size_t n_features = all.n_features;
  const std::size_t n_classes = all.n_classes;

  // Fisher-Yates with the suite's portable RNG (std::shuffle differs between libraries).
  Rng rng(seed);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);

  const std::size_t n_train = n - n_test;
  DataSplit split;
  split.train = empty_set(n_features, n_classes, n_train);
  split.test = empty_set(n_features, n_classes, n_test);
  for (std::size_t k = 0; k < n; ++k) {
    LabelledData& target = k < n_train ? split.train : split.test;
    const auto features = all.item(order[k]);
    target.x.insert(target.x.end(), features.begin(), features.end());
    target.labels.push_back(all.labels[order[k]]);
  }

  split.train_true_labels = split.train.labels;
  for (int& label : split.train.labels) {
    if (rng.uniform() >= fraction) continue;
    // One of the other n_classes - 1 classes, uniformly: an offset of 1 .. n_classes-1.
    const auto offset = 1 + static_cast<int>(rng.below(n_classes - 1));
    label = (label + offset) % static_cast<int>(n_classes);
    ++split.n_train_labels_changed;
  }
  return split;
}

std::span<const std::string_view> dataset_names() { return kDatasetNames; }

DataSplit make_dataset(std::string_view name, std::uint64_t seed, std::size_t n_train,
                       std::size_t n_test) {
  const std::string key = lower_case(name);
  if (key == "spiral" || key == "checkerboard") {
    if (n_train == 0) n_train = kDefaultTrainSize;
    if (n_test == 0) n_test = kDefaultTestSize;
    return key == "spiral" ? spiral(n_train, n_test, seed) : checkerboard(n_train, n_test, seed);
  }
  if (key == "iris") {
    if (n_train == 0 && n_test == 0) n_test = kIrisDefaultTestSize;
    if (n_train != 0 && n_test == 0 && n_train < kIrisSize) n_test = kIrisSize - n_train;
    if (n_train == 0 && n_test < kIrisSize) n_train = kIrisSize - n_test;
    if (n_train + n_test != kIrisSize)
      throw InputError(fmt::format(
          "iris: the {} items are split into training and test sets, so the sizes must add up to "
          "{}, got {} + {}",
          kIrisSize, kIrisSize, n_train, n_test));
    return iris_mislabelled(seed, 0.45, n_test);
  }
  throw InputError(fmt::format("unknown data set '{}': expected one of {}", name,
                               fmt::join(kDatasetNames, ", ")));
}

}  // namespace landscape
