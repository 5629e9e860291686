#pragma once
// The network-potential keywords shared by gmin, optim and pathsample, with GMIN's syntax:
//   MLP3   Nin Nhid Nout Ndata [lambda]            (no biases; MLPdata: features, then label)
//   MLPVB3 Nin Ninstart Nhid Nout Ndata [lambda]   (biases; MLPdata: label, Ninstart-1 skipped,
//   features)

#include <filesystem>
#include <memory>
#include <string>

#include "common/keywords/keyword_parser.hpp"
#include "common/keywords/keyword_spec.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/ml/mlp_shape.hpp"

namespace landscape {

class MlpLoss;

/// MLP3 / MLPVB3 as a keyword file gives them.
struct MlpKeywordOptions {
  bool biases = false;  ///< MLPVB3
  long long n_in = 0;
  long long n_in_start = 1;  ///< MLPVB3: the features start after the label and Ninstart-1 columns
  long long n_hidden = 0;
  long long n_out = 0;
  long long n_data = 0;  ///< items read from MLPdata
  double lambda = 0.0;   ///< L2 regularisation over every weight
  std::string keyword;   ///< "MLP3" or "MLPVB3"

  MlpShape shape() const;
  MlpLayout layout() const { return biases ? MlpLayout::kMlpVb3 : MlpLayout::kMlp3; }
};

/// Default of lambda when the keyword omits it (Niroomand et al. 2022 eq. 1).
inline constexpr double kDefaultMlpLambda = 1e-5;

/// The specs of MLP3 and MLPVB3; weights_source says where the program reads the weights from
/// (for the documentation), e.g. "`coords`, one a line".
keywords::KeywordSpec mlp3_keyword_spec(const std::string& weights_source);
keywords::KeywordSpec mlpvb3_keyword_spec(const std::string& weights_source);

/// The options of an MLP3 or MLPVB3 occurrence.
MlpKeywordOptions mlp_keyword_options(const keywords::Occurrence& occurrence);

/// Reads the first Ndata items of the data file in the keyword's layout (InputError with
/// file:line on bad data) and builds the loss.
std::unique_ptr<MlpLoss> make_mlp_loss(const MlpKeywordOptions& options,
                                       const std::filesystem::path& data_file);

}  // namespace landscape
