#pragma once
// The minimum image convention of a periodic box (Allen & Tildesley): the separation of two atoms
// is that of the nearest images.

#include <cmath>

namespace landscape {

/// Minimum-image component d - L round(d / L) of a separation d in a box of length L.
inline double minimum_image(double d, double box_length) {
  return d - box_length * std::round(d / box_length);
}

}  // namespace landscape
