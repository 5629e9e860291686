#include "common/ml/mlp_keywords.hpp"

#include "common/keywords/arg_builders.hpp"
#include "common/potentials/mlp.hpp"

namespace landscape {
namespace {

using keywords::at_least;
using keywords::int_arg;
using keywords::real_arg;

keywords::ArgSpec lambda_arg() { return real_arg("lambda", kDefaultMlpLambda, at_least(0)); }

}  // namespace

MlpShape MlpKeywordOptions::shape() const {
  return {static_cast<std::size_t>(n_in), static_cast<std::size_t>(n_hidden),
          static_cast<std::size_t>(n_out), biases};
}

namespace {

/// MLP3 (no biases) or MLPVB3 (biases, and the Ninstart column of MLPdata): the arguments in
/// GMIN's order, then doc and example.
keywords::KeywordSpec mlp_keyword_spec(bool biases, std::string doc, std::string example) {
  keywords::KeywordSpec k;
  k.name = biases ? "MLPVB3" : "MLP3";
  k.args = {int_arg("Nin", {}, at_least(1), {}, "features")};
  if (biases) k.args.push_back(int_arg("Ninstart", {}, at_least(1), {}, "column"));
  for (auto a : {int_arg("Nhid", {}, at_least(1), {}, "nodes"),
                 int_arg("Nout", {}, at_least(1), {}, "classes"),
                 int_arg("Ndata", {}, at_least(1), {}, "items"), lambda_arg()})
    k.args.push_back(std::move(a));
  k.doc = std::move(doc);
  k.example = std::move(example);
  return k;
}

}  // namespace

keywords::KeywordSpec mlp3_keyword_spec(const std::string& weights_source) {
  return mlp_keyword_spec(
      false,
      "Loss landscape of a network with one tanh hidden layer and no biases (GMIN's MLP3): the "
      "mean softmax cross-entropy over the first Ndata items of `MLPdata` (each line: the Nin "
      "features, then the class from 0) plus lambda times the sum of the squared weights. The Nhid "
      "(Nin + Nout) weights, in GMIN's order, come from " +
          weights_source + ".",
      "MLP3 2 3 2 100 1.0D-5");
}

keywords::KeywordSpec mlpvb3_keyword_spec(const std::string& weights_source) {
  return mlp_keyword_spec(
      true,
      "As MLP3 with hidden and output biases (GMIN's MLPVB3): each `MLPdata` line holds the class "
      "(from 0), Ninstart - 1 skipped columns, then the Nin features; the Nhid (Nin + Nout) + Nhid "
      "+ Nout weights and biases come from " +
          weights_source + ". The L2 term covers the biases too.",
      "MLPVB3 2 1 3 2 3200 1.0D-5");
}

MlpKeywordOptions mlp_keyword_options(const keywords::Occurrence& o) {
  MlpKeywordOptions m;
  m.keyword = o.spec->name;
  m.biases = m.keyword == "MLPVB3";
  std::size_t i = 0;
  m.n_in = o.as_int(i++);
  if (m.biases) m.n_in_start = o.as_int(i++);
  m.n_hidden = o.as_int(i++);
  m.n_out = o.as_int(i++);
  m.n_data = o.as_int(i++);
  m.lambda = o.as_real(i);
  return m;
}

std::unique_ptr<MlpLoss> make_mlp_loss(const MlpKeywordOptions& m,
                                       const std::filesystem::path& data_file) {
  LabelledData data =
      read_mlp_data(data_file, m.layout(), static_cast<std::size_t>(m.n_in),
                    static_cast<std::size_t>(m.n_in_start), static_cast<std::size_t>(m.n_out),
                    static_cast<std::size_t>(m.n_data));
  return std::make_unique<MlpLoss>(m.shape(), std::move(data), m.lambda);
}

}  // namespace landscape
