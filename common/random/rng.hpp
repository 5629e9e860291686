#pragma once
// The suite's seeded random-number generator. Created from RANSEED/SEED and passed explicitly.

#include <cstdint>
#include <random>

namespace landscape {

/// Mersenne Twister (64-bit) with portable conversions to doubles, so that the same seed gives
/// the same stream bit for bit on every platform (std:: distributions are not portable).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform double in [-1, 1).
  double symmetric() { return 2.0 * uniform() - 1.0; }
  /// Uniform integer in [0, n) for n > 0 (rejection sampling, unbiased).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r;
    do r = engine_();
    while (r >= limit);
    return r % n;
  }
  /// Raw 64-bit output.
  std::uint64_t next() { return engine_(); }

  /// Full engine state as text (for restart dumps).
  template <class Os>
  void save(Os& os) const {
    os << engine_;
  }
  template <class Is>
  void load(Is& is) {
    is >> engine_;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace landscape
