#include "pathsample/mlmin_select.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "common/io/errors.hpp"
#include "common/io/min_database.hpp"
#include "common/ml/misclassification.hpp"
#include "common/ml/mlmin_files.hpp"
#include "common/ml/mlp_keywords.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/ml/roc_auc.hpp"
#include "common/plotting/scatter_panels.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Pearson's correlation coefficient of x and y (NaN when either is constant).
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

/// misclassification_vs_euclidean.png/svg over the pairs of minima (all, or a seeded sample).
void distance_picture(const std::vector<MinimumRecord>& minima, const MlpShape& shape,
                      const MisclassificationMatrix& matrix, std::uint64_t seed,
                      const fs::path& dir, Logger& log) {
  const std::size_t n = minima.size();
  const std::size_t n_pairs = n * (n - 1) / 2;
  if (n_pairs == 0) return;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (n_pairs <= kMaxDistancePairs) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) pairs.emplace_back(i, j);
  } else {
    Rng rng(seed);
    while (pairs.size() < kMaxDistancePairs) {
      const std::size_t i = rng.below(n), j = rng.below(n);
      if (i != j) pairs.emplace_back(std::min(i, j), std::max(i, j));
    }
  }
  ScatterPanel panel;
  panel.title = "pairs of minima: misclassification against Euclidean distance";
  panel.x_label = "isomer-aligned Euclidean distance in weight space";
  panel.y_label = "misclassification distance (training items)";
  ScatterSeries s;
  s.colour = series_colour(0);
  s.radius = pairs.size() > 20000 ? 0.6 : 1.2;
  for (const auto& [i, j] : pairs) {
    s.x.push_back(aligned_distance(minima[i].coords, minima[j].coords, shape));
    s.y.push_back(matrix.distance(i, j));
  }
  const double r = pearson(s.x, s.y);
  panel.note = fmt::format("Pearson r = {:.4f} over {} pairs of {} minima{}", r, pairs.size(), n,
                           pairs.size() < n_pairs ? " (a sample)" : "");
  panel.y_lo = 0.0;
  panel.series.push_back(std::move(s));
  const Figure fig =
      scatter_panels({panel}, 1, "Misclassification and Euclidean distances", 560.0, 420.0);
  fig.write(dir / "misclassification_vs_euclidean.svg", FigureFormat::kSvg);
  fig.write(dir / "misclassification_vs_euclidean.png", FigureFormat::kPng);
  log.info(
      "misclassification against isomer-aligned Euclidean distance: Pearson r = {:.4f} over "
      "{} pairs{}; wrote misclassification_vs_euclidean.png and .svg",
      r, pairs.size(), pairs.size() < n_pairs ? " (a seeded sample)" : "");
}

}  // namespace

double selection_temperature(const MinimaSelectionOptions& select,
                             const std::vector<HeatCapacityPoint>& cv, const std::string& where) {
  if (select.temperature) return *select.temperature;
  const std::vector<HeatCapacityPeak> peaks = find_peaks(cv);
  if (peaks.empty())
    throw InputError(fmt::format(
        "{}: C_V has no peak between T = {:g} and {:g}; widen the CV range or name a temperature "
        "(MLMINSELECT CVPEAK {} T value)",
        where, cv.front().temperature, cv.back().temperature, select.n_minima));
  if (select.peak) {
    if (*select.peak > peaks.size())
      throw InputError(fmt::format("{}: PEAK {}: C_V has {} peak{} between T = {:g} and {:g}",
                                   where, *select.peak, peaks.size(), peaks.size() == 1 ? "" : "s",
                                   cv.front().temperature, cv.back().temperature));
    return peaks[*select.peak - 1].temperature;
  }
  const auto highest = std::max_element(
      peaks.begin(), peaks.end(),
      [](const HeatCapacityPeak& a, const HeatCapacityPeak& b) { return a.cv < b.cv; });
  return highest->temperature;
}

void run_minima_selection(const PathsampleOptions& opt, const std::string& where,
                          const HarmonicSuperposition* hsa, std::optional<double> temperature,
                          const fs::path& dir, Logger& log) {
  const MlpShape shape = opt.network->shape();
  const std::vector<MinimumRecord> minima = read_min_database(dir, shape.n_weights());
  const std::size_t n = minima.size();
  const auto t0 = std::chrono::steady_clock::now();
  const std::unique_ptr<MlpLoss> loss = make_mlp_loss(*opt.network, dir / "MLPdata");
  const LabelledData& train = loss->data();
  PackedPredictions predictions(train.size(), shape.n_out);
  std::vector<double> train_auc(n), p;
  for (std::size_t a = 0; a < n; ++a) {
    loss->probabilities(minima[a].coords, train, p);
    predictions.add(argmax_predictions(p, shape.n_out));
    train_auc[a] = classifier_auc(p, train.labels, shape.n_out);
  }
  const MisclassificationMatrix matrix = misclassification_matrix(predictions);
  log.info(
      "minima for MLSUP: {} minima of {} weights evaluated on {} training items; "
      "misclassification matrix in {:.2f} s",
      n, shape.n_weights(), train.size(), seconds_since(t0));
  if (opt.misclassification_file) {
    write_misclassification_matrix(dir / *opt.misclassification_file, matrix);
    log.info("wrote the misclassification matrix ({} x {}) to {}", n, n,
             *opt.misclassification_file);
  }
  distance_picture(minima, shape, matrix, static_cast<std::uint64_t>(opt.seed), dir, log);
  if (!opt.select) return;

  const MinimaSelectionOptions& sel = *opt.select;
  if (sel.n_minima > n)
    throw InputError(
        fmt::format("{}: {} minima asked for, the database holds {}", where, sel.n_minima, n));
  MlminSelection out;
  out.method = sel.method_name;
  std::string summary;
  auto best_minimum = [&]() -> std::pair<std::size_t, std::string> {
    std::size_t best = 0;
    for (std::size_t a = 1; a < n; ++a) {
      const bool better = sel.best == BestMinimum::kTrainingAuc
                              ? train_auc[a] > train_auc[best]
                              : minima[a].energy < minima[best].energy;
      if (better) best = a;
    }
    return {best, sel.best == BestMinimum::kTrainingAuc
                      ? fmt::format("the largest training AUC, {:.6f} (loss {:.10f})",
                                    train_auc[best], minima[best].energy)
                      : fmt::format("the lowest loss, {:.10f} (training AUC {:.6f})",
                                    minima[best].energy, train_auc[best])};
  };
  switch (sel.method) {
    case SelectionMethod::kCvPeak: {
      const OccupationChange change = hsa->occupation_change(*temperature, 1.0);
      out.temperature = *temperature;
      out.chosen = choose_at_temperature(change.dp_dt, sel.n_minima, *temperature);
      summary = fmt::format("at T = {:.8g}{}", *temperature,
                            sel.temperature ? " (given)"
                            : sel.peak      ? fmt::format(" (C_V peak {})", *sel.peak)
                                            : std::string(" (the highest C_V peak)"));
      break;
    }
    case SelectionMethod::kMmdmb: {
      // Not a structured binding: the lambda below captures best (clang 14 cannot capture one).
      const auto [best_index, why] = best_minimum();
      const std::size_t best = best_index;
      out.chosen = choose_farthest_from_best(
          n, sel.n_minima, best, [&](std::size_t a) { return matrix.distance(a, best); },
          "misclassification distance", why);
      summary = "farthest from the best minimum in misclassification distance";
      break;
    }
    case SelectionMethod::kEuclidean: {
      // Not a structured binding: the lambda below captures best (clang 14 cannot capture one).
      const auto [best_index, why] = best_minimum();
      const std::size_t best = best_index;
      out.chosen = choose_farthest_from_best(
          n, sel.n_minima, best,
          [&](std::size_t a) {
            return aligned_distance(minima[a].coords, minima[best].coords, shape);
          },
          "isomer-aligned Euclidean distance", why);
      summary = "farthest from the best minimum in isomer-aligned Euclidean distance";
      break;
    }
    case SelectionMethod::kDiversity:
      out.chosen =
          choose_diverse(matrix, sel.n_minima, static_cast<std::uint64_t>(opt.seed), summary);
      break;
    case SelectionMethod::kRandom:
      out.chosen = choose_at_random(n, sel.n_minima, static_cast<std::uint64_t>(opt.seed));
      summary = fmt::format("at random (SEED {})", opt.seed);
      break;
  }
  std::vector<std::vector<double>> weights;
  log.info("MLMINSELECT {} {}: {}", sel.method_name, sel.n_minima, summary);
  for (const auto& c : out.chosen) {
    const MinimumRecord& m = minima[c.index - 1];
    weights.push_back(m.coords);
    log.info("  minimum {:6d}: loss {:.10f}, training AUC {:.6f}: {}", c.index, m.energy,
             train_auc[c.index - 1], c.reason);
  }
  write_mlmin_weights(dir / "MLMINweights", weights);
  write_mlmin_selection(dir / "MLMINselection", out);
  log.info("wrote MLMINweights ({} minima of {} weights, one a line) and MLMINselection",
           weights.size(), shape.n_weights());
}

}  // namespace landscape::pathsample
