#include "common/plotting/label_placement.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace landscape {

bool overlap(const LabelBox& a, const LabelBox& b) {
  return a.left < b.right() && b.left < a.right() && a.bottom < b.top() && b.bottom < a.top();
}

std::vector<LabelBox> place_labels_below(const std::vector<LabelBox>& wanted, double row) {
  if (!(row > 0.0)) throw std::invalid_argument("place_labels_below: the row height must be > 0");
  std::vector<std::size_t> order(wanted.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return wanted[a].left < wanted[b].left; });
  std::vector<LabelBox> placed = wanted;
  // The boxes placed so far whose right edge is still right of the next label's left edge: the
  // only ones it can overlap, since labels come from left to right.
  std::vector<std::size_t> active;
  for (const std::size_t i : order) {
    const LabelBox& want = wanted[i];
    std::erase_if(active, [&](std::size_t j) { return placed[j].right() <= want.left; });
    LabelBox box = want;
    // Each overlap moves the label below the box it hits; a finite number of boxes lie below, so
    // this ends after at most as many moves as there are active boxes.
    for (bool moved = true; moved;) {
      moved = false;
      for (const std::size_t j : active)
        if (overlap(box, placed[j])) {
          const double rows = std::ceil((want.top() - placed[j].bottom) / row - 1e-9);
          box.bottom = std::min(box.bottom, want.bottom - rows * row);
          moved = true;
        }
    }
    placed[i] = box;
    active.push_back(i);
  }
  return placed;
}

}  // namespace landscape
