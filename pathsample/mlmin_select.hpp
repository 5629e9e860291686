#pragma once
// pathsample's MLMINSELECT step: reads the network database (min.data + points.min) and MLPdata,
// chooses minima for MLSUP by one of the methods of minima_selection.hpp, and writes
// MLMINweights, MLMINselection, the optional misclassification matrix and the picture of
// misclassification against Euclidean distance (the paper's figure 7).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "pathsample/heat_capacity.hpp"
#include "pathsample/pathsample_options.hpp"

namespace landscape::pathsample {

/// The temperature CVPEAK chooses at: the T given, the k-th peak (in order of temperature), or
/// the peak of highest C_V. Throws InputError "where: ..." when the peak does not exist.
double selection_temperature(const MinimaSelectionOptions& select,
                             const std::vector<HeatCapacityPoint>& cv, const std::string& where);

/// At most this many pairs of minima enter the picture and its Pearson coefficient (a seeded
/// sample beyond it).
inline constexpr std::size_t kMaxDistancePairs = 100000;

/// Runs MLMINSELECT (and MISCLASSIFICATION) in dir. hsa and temperature are given for CVPEAK.
/// where is "pathdata:LINE: MLMINSELECT" for messages about the choice (more minima asked for
/// than the database holds).
void run_minima_selection(const PathsampleOptions& opt, const std::string& where,
                          const HarmonicSuperposition* hsa, std::optional<double> temperature,
                          const std::filesystem::path& dir, Logger& log);

}  // namespace landscape::pathsample
