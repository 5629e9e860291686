#include "gmin/mlsup_figure.hpp"

#include <fmt/format.h>

#include <vector>

#include "common/plotting/scatter_panels.hpp"

namespace landscape::gmin {

Figure mlsup_figure(const LabelledData& test, const EnsembleOutputs& outputs,
                    std::span<const int> choice, const MlsupScores& scores,
                    const std::string& title) {
  const std::size_t n_minima = outputs.n_minima;
  const std::size_t nf = test.n_features;
  auto feature = [&](std::size_t d, std::size_t k) { return k < nf ? test.x[d * nf + k] : 0.0; };
  const std::string x_label = "feature 1", y_label = nf > 1 ? "feature 2" : "";
  std::vector<ScatterPanel> panels;
  ScatterPanel chosen;
  chosen.title = "test items by the minimum MLSUP picks";
  chosen.x_label = x_label;
  chosen.y_label = y_label;
  chosen.series.resize(n_minima);
  for (std::size_t k = 0; k < n_minima; ++k) {
    chosen.series[k].colour = series_colour(k);
    chosen.series[k].label = fmt::format("minimum {} ({} items)", k, scores.choice_counts[k]);
  }
  for (std::size_t d = 0; d < test.size(); ++d) {
    auto& s = chosen.series[static_cast<std::size_t>(choice[d])];
    s.x.push_back(feature(d, 0));
    s.y.push_back(feature(d, 1));
  }
  panels.push_back(std::move(chosen));
  for (std::size_t k = 0; k < n_minima; ++k) {
    ScatterPanel p;
    p.title = fmt::format("minimum {}: test AUC {:.3f}", k, scores.minimum_auc[k]);
    p.x_label = x_label;
    p.y_label = y_label;
    p.series.resize(outputs.n_classes);
    for (std::size_t c = 0; c < outputs.n_classes; ++c) {
      p.series[c].colour = series_colour(c + 5);
      p.series[c].label = fmt::format("class {}", c);
    }
    std::size_t n_confident = 0;
    for (std::size_t d = 0; d < test.size(); ++d) {
      const auto c = static_cast<std::size_t>(test.labels[d]);
      if (outputs.row(k, d)[c] < kConfidentProbability) continue;
      p.series[c].x.push_back(feature(d, 0));
      p.series[c].y.push_back(feature(d, 1));
      ++n_confident;
    }
    p.note = fmt::format("{} of {} items with p(true class) >= {:g}", n_confident, test.size(),
                         kConfidentProbability);
    panels.push_back(std::move(p));
  }
  // Same axes in every panel, so that the regions can be compared.
  double x_lo = 0, x_hi = 0, y_lo = 0, y_hi = 0;
  for (std::size_t d = 0; d < test.size(); ++d) {
    const double x = feature(d, 0), y = feature(d, 1);
    if (d == 0) x_lo = x_hi = x, y_lo = y_hi = y;
    x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  }
  const double px = 0.05 * std::max(x_hi - x_lo, 1e-9), py = 0.05 * std::max(y_hi - y_lo, 1e-9);
  for (auto& p : panels) {
    p.x_lo = x_lo - px, p.x_hi = x_hi + px;
    p.y_lo = y_lo - py, p.y_hi = y_hi + py;
  }
  return scatter_panels(panels, std::min<std::size_t>(panels.size(), 4), title);
}

}  // namespace landscape::gmin
