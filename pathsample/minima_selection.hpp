#pragma once
// Choosing m' complementary minima of a network loss landscape for MLSUP (Niroomand, Morgan,
// Cafolla & Wales, Mach. Learn.: Sci. Technol. 3, 025004 (2022); section "Choosing the minima"):
//   CVPEAK     at a C_V peak (or a named temperature): the minima with the largest positive and the
//              largest negative dP/dT, alternating;
//   MMDMB      the best minimum and the m'-1 with the largest misclassification distance to it
//              (the distance counted on the training items);
//   DIVERSITY  the maximum-diversity subset of eq. 9 over the misclassification matrix;
//   EUCLIDEAN  as MMDMB with the isomer-aligned Euclidean distance in weight space;
//   RANDOM     m' distinct minima drawn with SEED.
// Each choice carries the reason it was made, for the log and MLMINselection.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/ml/mlmin_files.hpp"

namespace landscape {
class MisclassificationMatrix;
}

namespace landscape::pathsample {

/// How MLMINSELECT chooses.
enum class SelectionMethod { kCvPeak, kMmdmb, kDiversity, kEuclidean, kRandom };

/// What "the best minimum" of MMDMB and EUCLIDEAN is.
enum class BestMinimum {
  kLowestLoss,   ///< the lowest loss (min.data energy)
  kTrainingAuc,  ///< the largest AUC on the training data
};

/// MLMINSELECT method nmin [PEAK k | T value | LOSS | AUC].
struct MinimaSelectionOptions {
  SelectionMethod method = SelectionMethod::kCvPeak;
  std::string method_name;  ///< as written in MLMINselection (CVPEAK, MMDMB, ...)
  std::size_t n_minima = 0;
  BestMinimum best = BestMinimum::kLowestLoss;
  std::optional<std::size_t> peak;    ///< CVPEAK: 1-based peak in order of temperature
  std::optional<double> temperature;  ///< CVPEAK: a temperature instead of a peak
};

/// CVPEAK at temperature T: the minima with the largest positive and the largest negative dP/dT
/// (dp_dt of every minimum, 0-based), alternating (rising first); when one sign runs out the
/// other continues. Minima with dP/dT = 0 come last, by index. Requires m <= dp_dt.size().
std::vector<MlminChoice> choose_at_temperature(std::span<const double> dp_dt, std::size_t m,
                                               double temperature);

/// MMDMB / EUCLIDEAN: `best` (0-based) first, then the m-1 others with the largest
/// distance_to_best (ties: the lower index). what names the distance and best_reason says why
/// best is best, for the reasons.
std::vector<MlminChoice> choose_farthest_from_best(
    std::size_t n, std::size_t m, std::size_t best,
    const std::function<double(std::size_t)>& distance_to_best, const std::string& what,
    const std::string& best_reason);

/// DIVERSITY: eq. 9 over the whole matrix (projected gradient ascent from several starts, seeded).
/// summary receives one line on the solution (relaxed and subset values, starts).
std::vector<MlminChoice> choose_diverse(const MisclassificationMatrix& distances, std::size_t m,
                                        std::uint64_t seed, std::string& summary);

/// RANDOM: m distinct minima of n, drawn with Rng(seed) (a partial Fisher-Yates shuffle).
std::vector<MlminChoice> choose_at_random(std::size_t n, std::size_t m, std::uint64_t seed);

}  // namespace landscape::pathsample
