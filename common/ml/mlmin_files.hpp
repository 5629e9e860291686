#pragma once
// The files that pass a choice of network minima from pathsample to gmin's MLSUP step:
//   MLMINweights    GMIN's layout: the weights of the chosen minima, one a line, minimum after
//                   minimum in the chosen order, each in the order of mlp_shape.hpp (as in
//                   points.min);
//   MLMINselection  line 1 `method nmin [T]`, then one line per chosen minimum in the same order:
//                   its 1-based min.data index, then the reason it was chosen (free text).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace landscape {

/// Writes MLMINweights ("{:.17g}", one weight a line), crash-safely (temporary file + rename).
void write_mlmin_weights(const std::filesystem::path& path,
                         const std::vector<std::vector<double>>& minima);

/// Reads the n_minima weight vectors of n_weights each from MLMINweights. Throws InputError
/// "MLMINweights:LINE: ..." for a line that is not one finite number, and InputError
/// "MLMINweights: holds V values, but N minima of W weights need N*W" when the count differs
/// (the caller prefixes the keyword's file:line).
std::vector<std::vector<double>> read_mlmin_weights(const std::filesystem::path& path,
                                                    std::size_t n_weights, std::size_t n_minima);

/// One chosen minimum of MLMINselection.
struct MlminChoice {
  std::size_t index = 0;  ///< 1-based, in min.data
  std::string reason;     ///< why it was chosen (one line)
};

/// The contents of MLMINselection.
struct MlminSelection {
  std::string method;                 ///< CVPEAK, MMDMB, DIVERSITY, EUCLIDEAN, RANDOM, ...
  std::optional<double> temperature;  ///< CVPEAK: the temperature of the choice
  std::vector<MlminChoice> chosen;
};

/// Writes MLMINselection crash-safely. Reasons must not hold newlines (replaced by blanks).
void write_mlmin_selection(const std::filesystem::path& path, const MlminSelection& selection);

/// Reads MLMINselection; InputError "MLMINselection:LINE: ..." for a bad line, a count on line 1
/// that does not match the lines that follow, or an index below 1.
MlminSelection read_mlmin_selection(const std::filesystem::path& path);

}  // namespace landscape
