#pragma once
// Structures shared by the optim tests: the two lowest Lennard-Jones heptamer minima with
// consistent atom labels (one rearrangement apart), the Mueller-Brown stationary points, and a
// Lennard-Jones energy/gradient helper.

#include <cmath>
#include <vector>

#include "common/potentials/lennard_jones.hpp"

namespace landscape::testing {

/// LJ7 global minimum, the pentagonal bipyramid, E = -16.505384 (relaxed to RMS < 1e-8).
inline std::vector<double> lj7_pentagonal_bipyramid() {
  return {0.946506022188440,  -0.035081076006453, 0.085262866300608,  0.309019177388778,
          0.884411382591185,  -0.022986033774589, -0.760001083967654, 0.554908248241668,
          -0.133426281792212, -0.783205095380120, -0.568228346767432, -0.093433208333711,
          0.271474298289172,  -0.932861802144060, 0.041724118021620,  -0.068767645538431,
          0.002269764020440,  0.545134339722208,  0.062284972919817,  -0.041010401635348,
          -0.594277755543922};
}

/// LJ7 second-lowest minimum, the capped octahedron, E = -15.935043, labelled so that a single
/// transition state (E = -15.444734) joins it to lj7_pentagonal_bipyramid().
inline std::vector<double> lj7_capped_octahedron() {
  return {0.911392612939445,  -0.009713358316655, 0.020512610204803,  0.024233500878721,
          0.651978323485067,  0.158916263048527,  -0.815278415149159, 0.618063076127932,
          -0.578667012569230, -0.648097459393241, -0.242210423102942, 0.115551702386226,
          0.240364529774540,  -0.902169300510960, -0.022767916399411, 0.189970252274104,
          -0.207091500666570, 0.850706049986746,  0.074725624575591,  -0.044449048715875,
          -0.716253652057659};
}

inline constexpr double kLj7GlobalMinimum = -16.505384168;
inline constexpr double kLj7CappedOctahedron = -15.935043060;
inline constexpr double kLj7TransitionState = -15.444733800;

/// Mueller-Brown: the deepest minimum, the middle minimum and the saddle between them.
inline const std::vector<double> kMuellerBrownDeepMinimum = {-0.558223634, 1.441725841};
inline const std::vector<double> kMuellerBrownMiddleMinimum = {-0.050010823, 0.466694105};
inline const std::vector<double> kMuellerBrownUpperSaddle = {-0.822001559, 0.624312803};
inline constexpr double kMuellerBrownUpperSaddleEnergy = -40.664843509;

/// Largest |a_i - b_i|.
inline double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

}  // namespace landscape::testing
