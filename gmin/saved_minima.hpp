#pragma once
// The SAVE list: the lowest distinct minima of a run, distinct by EDIFF (GMIN's `lowest`).

#include <cstddef>
#include <string>
#include <vector>

namespace landscape::gmin {

/// One saved minimum.
struct SavedMinimum {
  double energy = 0.0;
  std::vector<double> coords;
  long long first_step = 0;      ///< basin-hopping step (1-based) at which it was found
  long long function_calls = 0;  ///< energy+gradient calls of the run up to that point
};

/// Keeps the n lowest minima whose energies differ by at least ediff, lowest first.
class SavedMinima {
 public:
  SavedMinima(std::size_t capacity, double ediff) : capacity_(capacity), ediff_(ediff) {}

  /// Offers a quench minimum. One within ediff of a saved minimum replaces it if lower;
  /// otherwise it is inserted in order if the list has room or it beats the highest entry.
  /// Returns true when the list changed.
  bool consider(double energy, const std::vector<double>& coords, long long step, long long calls);

  const std::vector<SavedMinimum>& entries() const { return entries_; }
  std::vector<SavedMinimum>& entries() { return entries_; }
  std::size_t capacity() const { return capacity_; }
  double ediff() const { return ediff_; }

 private:
  std::size_t capacity_;
  double ediff_;
  std::vector<SavedMinimum> entries_;
};

/// Writes `lowest` in GMIN's format: for each minimum the coordinate count (atoms, or weights of a
/// network), the line "Energy of minimum  i= E first found at step s after c function calls", then
/// `LABEL x y z` lines for atoms (atom_label given) or one weight a line, full precision, for a
/// network (atom_label empty).
std::string format_lowest(const std::vector<SavedMinimum>& minima, const std::string& atom_label);

}  // namespace landscape::gmin
