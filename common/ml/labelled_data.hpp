#pragma once
// A labelled classification data set: the training or test data of a network loss landscape.

#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

/// A classification data set: n items, each with n_features real inputs and a class label.
struct LabelledData {
  std::size_t n_features = 0;
  std::size_t n_classes = 0;
  /// Features, row-major n_items x n_features: item i is x[i*n_features, (i+1)*n_features).
  std::vector<double> x;
  /// Class of each item, from 0 to n_classes-1.
  std::vector<int> labels;

  /// Number of items.
  std::size_t size() const { return labels.size(); }
  /// The features of item i (i < size()).
  std::span<const double> item(std::size_t i) const {
    return std::span<const double>(x).subspan(i * n_features, n_features);
  }
};

}  // namespace landscape
