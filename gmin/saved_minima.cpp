#include "gmin/saved_minima.hpp"

#include <fmt/format.h>

#include <cmath>

namespace landscape::gmin {

bool SavedMinima::consider(double energy, const std::vector<double>& coords, long long step,
                           long long calls) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (std::abs(entries_[i].energy - energy) < ediff_) {
      if (energy >= entries_[i].energy) return false;
      // Same minimum within EDIFF but lower: replace, then keep the list ordered.
      entries_[i] = {energy, coords, step, calls};
      while (i > 0 && entries_[i - 1].energy > entries_[i].energy) {
        std::swap(entries_[i - 1], entries_[i]);
        --i;
      }
      return true;
    }
  }
  if (entries_.size() >= capacity_ && energy >= entries_.back().energy) return false;
  std::size_t pos = 0;
  while (pos < entries_.size() && entries_[pos].energy <= energy) ++pos;
  entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(pos),
                  {energy, coords, step, calls});
  if (entries_.size() > capacity_) entries_.pop_back();
  return true;
}

std::string format_lowest(const std::vector<SavedMinimum>& minima, const std::string& atom_label) {
  std::string out;
  for (std::size_t i = 0; i < minima.size(); ++i) {
    const auto& m = minima[i];
    const bool atoms = !atom_label.empty();
    const std::size_t n_atoms = m.coords.size() / 3;
    out += fmt::format("{:12d}\n", atoms ? n_atoms : m.coords.size());
    out += fmt::format(
        "Energy of minimum {:6d}={:16.7f}     first found at step {:8d} after {:20d} function "
        "calls\n",
        i + 1, m.energy, m.first_step, m.function_calls);
    if (!atoms) {
      for (double w : m.coords) out += fmt::format("{:25.17e}\n", w);
      continue;
    }
    for (std::size_t a = 0; a < n_atoms; ++a)
      out += fmt::format("{:<3}{:20.10f}{:20.10f}{:20.10f}\n", atom_label, m.coords[3 * a],
                         m.coords[3 * a + 1], m.coords[3 * a + 2]);
  }
  return out;
}

}  // namespace landscape::gmin
