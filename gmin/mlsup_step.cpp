#include "gmin/mlsup_step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "common/io/errors.hpp"
#include "common/io/min_database.hpp"
#include "common/io/text_file.hpp"
#include "common/ml/classification_scores.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/ml/roc_auc.hpp"
#include "common/potentials/mlp.hpp"
#include "gmin/mlsup_figure.hpp"

namespace landscape::gmin {
namespace {

namespace fs = std::filesystem;

/// The keyword rules of the MLSUP step; false when one is broken (each reported).
bool check_keywords(const GminOptions& opt,
                    const keywords::KeywordTable<GminOptions>::Result& parsed,
                    keywords::DiagnosticSink& problems) {
  const std::size_t before = problems.size();
  if (!opt.mlsup)
    problems.cite(parsed, "MLMIN", "needs MLSUP, the meta-network that combines the minima");
  if (!opt.mlmin)
    problems.cite(parsed, "MLSUP", "needs MLMIN, the minima the meta-network combines");
  if (opt.mlp)
    problems.cite(parsed, opt.mlp->keyword,
                  "MLMIN and MLSUP set the networks of this run: remove " + opt.mlp->keyword);
  if (opt.database)
    problems.cite(parsed, "DATABASE",
                  "the MLSUP step runs in a directory of its own and writes no database (name the "
                  "network's database, read only, with MLSUPDATABASE)");
  if (opt.mlsup && !opt.mlp_test)
    problems.cite(parsed, "MLSUP", "needs MLPTESTDATA, the test data its figures are taken on");
  if (opt.mlmin && opt.mlsup) {
    const MlpKeywordOptions& m = opt.mlmin->network;
    const MlsupOptions& s = *opt.mlsup;
    auto same = [&](const char* what, long long sup, long long min) {
      if (sup != min)
        problems.cite(parsed, "MLSUP",
                      fmt::format("{} {} differs from MLMIN's {} (both describe the same data)",
                                  what, sup, min));
    };
    same("Nin", s.n_in, m.n_in);
    same("Ninstart", s.n_in_start, m.n_in_start);
    same("Ndata", s.n_data, m.n_data);
    same("Nmin", s.n_minima, opt.mlmin->n_minima);
    if (const auto problem = m.shape().validate()) problems.cite(parsed, "MLMIN", *problem);
  }
  return problems.size() == before;
}

LabelledData read_data(const fs::path& file, const MlpKeywordOptions& m, long long n_data) {
  return read_mlp_data(file, m.layout(), static_cast<std::size_t>(m.n_in),
                       static_cast<std::size_t>(m.n_in_start), static_cast<std::size_t>(m.n_out),
                       static_cast<std::size_t>(n_data));
}

}  // namespace

void make_mlsup_system(GminSystem& sys, const GminOptions& opt,
                       const keywords::KeywordTable<GminOptions>::Result& parsed,
                       const fs::path& dir, keywords::DiagnosticSink& problems) {
  if (!check_keywords(opt, parsed, problems)) return;
  const MlpKeywordOptions& net = opt.mlmin->network;
  const auto* mlmin_at = parsed.find("MLMIN");
  const int mlmin_line = mlmin_at ? mlmin_at->line : 0;
  auto in = std::make_shared<MlsupInputs>();
  in->minima_shape = net.shape();
  const auto n_minima = static_cast<std::size_t>(opt.mlmin->n_minima);
  try {
    if (!fs::exists(dir / "MLPdata")) {
      problems.in_file("MLPdata", "file not found (MLMIN reads the training data from it)");
      return;
    }
    in->train = read_data(dir / "MLPdata", net, net.n_data);
    const fs::path test_file = dir / opt.mlp_test->file;
    if (!fs::exists(test_file)) {
      problems.cite(parsed, "MLPTESTDATA", fmt::format("file '{}' not found", opt.mlp_test->file));
      return;
    }
    in->test = read_data(test_file, net, opt.mlp_test->n_data);
  } catch (const InputError& e) {
    problems.message(e.what());
    return;
  }
  if (!fs::exists(dir / "MLMINweights")) {
    problems.at(mlmin_line, "MLMIN",
                "MLMINweights: file not found (pathsample's MLMINSELECT writes it)");
    return;
  }
  try {
    in->minima = read_mlmin_weights(dir / "MLMINweights", in->minima_shape.n_weights(), n_minima);
  } catch (const InputError& e) {
    problems.at(mlmin_line, "MLMIN", e.what());
    return;
  }
  if (fs::exists(dir / "MLMINselection")) {
    try {
      in->selection = read_mlmin_selection(dir / "MLMINselection");
      if (in->selection->chosen.size() != n_minima)
        problems.at(mlmin_line, "MLMIN",
                    fmt::format("MLMINselection lists {} minima, Nmin is {}",
                                in->selection->chosen.size(), n_minima));
    } catch (const InputError& e) {
      problems.message(e.what());
    }
  }
  if (opt.mlsup_database) {
    const fs::path db = dir / *opt.mlsup_database;
    try {
      const std::vector<MinimumRecord> records =
          read_min_database(db, in->minima_shape.n_weights());
      const MlpLoss loss(in->minima_shape, std::make_shared<const LabelledData>(in->test), 0.0);
      for (const auto& r : records)
        in->database_test_auc.push_back(classification_scores(loss, r.coords, in->test).auc);
      if (records.empty())
        problems.cite(parsed, "MLSUPDATABASE",
                      fmt::format("{}: min.data holds no minima", db.string()));
    } catch (const std::runtime_error& e) {  // corrupt (RuntimeError) or torn (InputError)
      problems.cite(parsed, "MLSUPDATABASE", e.what());
    }
  }
  if (!problems.empty()) return;

  in->train_outputs = ensemble_outputs(in->minima_shape, in->minima, in->train);
  in->test_outputs = ensemble_outputs(in->minima_shape, in->minima, in->test);
  MlpKeywordOptions meta;
  meta.keyword = "MLPVB3";
  meta.biases = true;
  meta.n_in = opt.mlsup->n_in;
  meta.n_in_start = opt.mlsup->n_in_start;
  meta.n_hidden = opt.mlsup->n_hidden;
  meta.n_out = opt.mlsup->n_minima;
  meta.n_data = opt.mlsup->n_data;
  meta.lambda = opt.mlsup->lambda;
  SystemRequest request;
  request.potential = meta.keyword;
  request.mlp = meta;
  request.mlp_dataset =
      std::make_shared<const LabelledData>(meta_network_data(in->train, in->train_outputs));
  sys.system = make_system(request);
  sys.network = sys.system.potential_as<MlpLoss>();
  const std::size_t n = sys.system.n_dof();
  sys.start = random_start_weights(n, opt.ranseed);
  sys.distance = network_distance(sys.network->shape());
  std::vector<std::size_t> wins(n_minima, 0);
  for (const int b : sys.network->data().labels) ++wins[static_cast<std::size_t>(b)];
  std::string counts;
  for (std::size_t k = 0; k < n_minima; ++k) counts += fmt::format("{}{}", k ? ", " : "", wins[k]);
  sys.description = fmt::format(
      "MLSUP meta-network: MLPVB3 {} inputs, {} tanh hidden nodes, {} outputs (one per minimum of "
      "MLMINweights), {} weights, lambda {:g}; trained on {} items of MLPdata labelled by eq. 2 "
      "(items per minimum: {}); {} test items from {}; minima: MLPVB3 {} {} {} {}, {} weights "
      "each; start weights random (RANSEED)",
      meta.n_in, meta.n_hidden, meta.n_out, n, meta.lambda, in->train.size(), counts,
      in->test.size(), opt.mlp_test->file, net.n_in, net.n_in_start, net.n_hidden, net.n_out,
      in->minima_shape.n_weights());
  sys.mlsup = std::move(in);
}

MlsupReport evaluate_mlsup(const GminSystem& sys, std::span<const double> meta_weights) {
  const MlsupInputs& in = *sys.mlsup;
  const std::size_t n_minima = in.minima.size();
  MlsupReport r;
  std::vector<double> p;
  sys.network->probabilities(meta_weights, in.test, p);
  r.test_choice = argmax_predictions(p, n_minima);
  r.test = mlsup_scores(in.test_outputs, in.test.labels, r.test_choice);
  sys.network->probabilities(meta_weights, in.train, p);
  r.train = mlsup_scores(in.train_outputs, in.train.labels, argmax_predictions(p, n_minima));
  if (!in.database_test_auc.empty()) {
    r.best_database_auc = 0.0;
    for (const double a : in.database_test_auc)
      if (a == a) r.best_database_auc = std::max(r.best_database_auc, a);
  }
  r.method = in.selection ? in.selection->method : "given";
  return r;
}

std::string mlsup_csv(const MlsupReport& r, std::size_t n_minima) {
  return fmt::format(
      "method,n_minima,best_chosen_auc,best_database_auc,mlsup_auc,tma,vote_accuracy\n"
      "{},{},{:.8f},{},{:.8f},{:.8f},{:.8f}\n",
      r.method, n_minima, r.test.best_minimum_auc,
      r.best_database_auc < 0 ? std::string() : fmt::format("{:.8f}", r.best_database_auc),
      r.test.mlsup_auc, r.test.tma, r.test.vote_accuracy);
}

void write_mlsup_results(const GminSystem& sys, std::span<const double> meta_weights,
                         double meta_loss, const fs::path& dir, Logger& log) {
  const MlsupInputs& in = *sys.mlsup;
  const std::size_t n_minima = in.minima.size();
  const MlsupReport r = evaluate_mlsup(sys, meta_weights);
  std::string weights;
  for (const double w : meta_weights) weights += fmt::format("{:.17g}\n", w);
  write_file_atomically(dir / "mlsup.weights", weights);
  write_file_atomically(dir / "mlsup.csv", mlsup_csv(r, n_minima));

  const bool multiclass = in.minima_shape.n_out > 2;
  const std::string auc_note =
      multiclass ? fmt::format(" (AUC: the mean of the {} one-vs-rest AUCs)", in.minima_shape.n_out)
                 : "";
  auto minimum_name = [&](std::size_t k) {
    return in.selection ? fmt::format("{} (min.data {})", k, in.selection->chosen[k].index)
                        : std::to_string(k);
  };
  log.info("MLSUP: lowest meta-network loss {:.10f}; method {}, {} minima{}", meta_loss, r.method,
           n_minima, auc_note);
  for (std::size_t k = 0; k < n_minima; ++k)
    log.info(
        "  minimum {}: training AUC {:.6f} accuracy {:.6f}, wins {} items (eq. 2); test AUC "
        "{:.6f} accuracy {:.6f}, chosen for {} of {} test items",
        minimum_name(k), r.train.minimum_auc[k], r.train.minimum_accuracy[k],
        std::count(sys.network->data().labels.begin(), sys.network->data().labels.end(),
                   static_cast<int>(k)),
        r.test.minimum_auc[k], r.test.minimum_accuracy[k], r.test.choice_counts[k], in.test.size());
  for (const auto* set : {&r.train, &r.test}) {
    const bool test = set == &r.test;
    log.info(
        "MLSUP {} set: best chosen minimum AUC {:.6f} (minimum {}), MLSUP AUC {:.6f} "
        "(accuracy {:.6f}), TMA {:.6f}, majority vote accuracy {:.6f}",
        test ? "test" : "training", set->best_minimum_auc, minimum_name(set->best_minimum),
        set->mlsup_auc, set->mlsup_accuracy, set->tma, set->vote_accuracy);
  }
  if (r.best_database_auc >= 0)
    log.info("MLSUP: best test AUC of the {} minima of the database: {:.6f}",
             in.database_test_auc.size(), r.best_database_auc);

  std::string md = fmt::format(
      "# MLSUP: {} minima chosen by {}\n\nTest-set figures ({} items){}.\n\n"
      "| method | minima | best chosen AUC | best database AUC | MLSUP AUC | TMA | vote accuracy "
      "|\n"
      "|---|---|---|---|---|---|---|\n| {} | {} | {:.6f} | {} | {:.6f} | {:.6f} | {:.6f} |\n\n"
      "| minimum | test AUC | test accuracy | test items chosen |\n|---|---|---|---|\n",
      n_minima, r.method, in.test.size(), auc_note, r.method, n_minima, r.test.best_minimum_auc,
      r.best_database_auc < 0 ? std::string("-") : fmt::format("{:.6f}", r.best_database_auc),
      r.test.mlsup_auc, r.test.tma, r.test.vote_accuracy);
  for (std::size_t k = 0; k < n_minima; ++k)
    md += fmt::format("| {} | {:.6f} | {:.6f} | {} |\n", minimum_name(k), r.test.minimum_auc[k],
                      r.test.minimum_accuracy[k], r.test.choice_counts[k]);
  write_file_atomically(dir / "mlsup.md", md);

  const Figure fig = mlsup_figure(
      in.test, in.test_outputs, r.test_choice, r.test,
      fmt::format("MLSUP, {} minima ({}): test AUC {:.3f}, TMA {:.3f}, "
                  "best single {:.3f}",
                  n_minima, r.method, r.test.mlsup_auc, r.test.tma, r.test.best_minimum_auc));
  fig.write(dir / "mlsup.svg", FigureFormat::kSvg);
  fig.write(dir / "mlsup.png", FigureFormat::kPng);
  log.info("wrote mlsup.weights, mlsup.csv, mlsup.md, mlsup.png and mlsup.svg");
}

}  // namespace landscape::gmin
