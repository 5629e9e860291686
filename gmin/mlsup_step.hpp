#pragma once
// gmin's MLSUP step (Niroomand et al. 2022, algorithm 1): the chosen minima of a network
// landscape (MLMIN, MLMINweights) label every training item with the minimum that classifies it
// best (eq. 2); basin-hopping trains the meta-network on those labels (its system is built here);
// the lowest meta-network is then evaluated on the test data against the minima alone, the
// oracle (TMA) and their majority vote.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "common/ml/labelled_data.hpp"
#include "common/ml/mlmin_files.hpp"
#include "common/ml/mlsup.hpp"
#include "gmin/gmin_system.hpp"

namespace landscape::gmin {

/// What the MLSUP step reads, and the minima's outputs on it.
struct MlsupInputs {
  MlpShape minima_shape;                    ///< the MLMIN network
  std::vector<std::vector<double>> minima;  ///< MLMINweights, in its order
  LabelledData train, test;                 ///< MLPdata and MLPTESTDATA, true labels
  EnsembleOutputs train_outputs, test_outputs;
  std::optional<MlminSelection> selection;  ///< MLMINselection, when present
  /// MLSUPDATABASE: the test AUC of every minimum there (empty when not given).
  std::vector<double> database_test_auc;
};

/// Checks MLMIN and MLSUP against the other keywords (file:line for each problem), reads MLPdata,
/// MLPTESTDATA, MLMINweights, MLMINselection and MLSUPDATABASE, and makes the meta-network's
/// system into sys (sys.mlsup holds the inputs).
void make_mlsup_system(GminSystem& sys, const GminOptions& options,
                       const keywords::KeywordTable<GminOptions>::Result& parsed,
                       const std::filesystem::path& dir, keywords::DiagnosticSink& problems);

/// The figures of one meta-network on the test and training data.
struct MlsupReport {
  MlsupScores test, train;
  std::vector<int> test_choice;     ///< the minimum the meta-network picks for each test item
  double best_database_auc = -1.0;  ///< < 0 when MLSUPDATABASE was not given
  std::string method;               ///< from MLMINselection, otherwise "given"
};

/// Evaluates the meta-network with weights meta_weights.
MlsupReport evaluate_mlsup(const GminSystem& sys, std::span<const double> meta_weights);

/// mlsup.csv's header and row (test-set figures, 8 decimals, best_database_auc empty when absent).
std::string mlsup_csv(const MlsupReport& report, std::size_t n_minima);

/// Writes mlsup.weights, mlsup.csv, mlsup.md, mlsup.png and mlsup.svg for the lowest
/// meta-network and logs its figures (test and training sets).
void write_mlsup_results(const GminSystem& sys, std::span<const double> meta_weights,
                         double meta_loss, const std::filesystem::path& dir, Logger& log);

}  // namespace landscape::gmin
