#pragma once
// Labels placed so that no two overlap: each label goes just below its anchor, or as many rows
// further down as it takes to clear the labels placed before it (disconnectivity graphs' minimum
// numbers, which crowd where branch ends are close).

#include <vector>

namespace landscape {

/// A label's box on the page, in points (y up, as Figure draws): left and bottom edges, size.
struct LabelBox {
  double left = 0.0, bottom = 0.0, width = 0.0, height = 0.0;
  double right() const { return left + width; }
  double top() const { return bottom + height; }
};

/// True when the boxes share an area (touching edges do not count).
bool overlap(const LabelBox& a, const LabelBox& b);

/// The wanted boxes moved down by whole rows of `row` points (0 when the wanted place is free),
/// so that no two of the returned boxes overlap. Labels are placed from left to right (ties by
/// the order given); each takes the first row, counting down from its wanted place, that clears
/// every label placed before it. Returns the boxes in the order given.
std::vector<LabelBox> place_labels_below(const std::vector<LabelBox>& wanted, double row);

}  // namespace landscape
