#include "gmin/gmin_commands.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "common/io/console.hpp"
#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/ml/datasets.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/potentials/mlp.hpp"
#include "gmin/gmin_keywords.hpp"

namespace landscape::gmin {
namespace {

constexpr const char* kDatasetUsage =
    "usage: gmin --dataset NAME [SEED [NTRAIN [NTEST]]] [--mlp3] [--force]\n  NAME: spiral, "
    "checkerboard or iris (45% of the training labels changed); SEED default 1;\n  sizes default "
    "3200/800 (iris: 120/30 of Fisher's 150 items). Writes MLPdata and MLPdata.test\n  in the "
    "MLPVB3 layout (label first) or, with --mlp3, the MLP3 layout (label last).\n  An existing "
    "MLPdata or MLPdata.test is not replaced while min.data here holds minima\n  (they are minima "
    "of the loss over that data) unless --force is given.\n";

constexpr const char* kIsomersUsage = "usage: gmin --isomers WEIGHTS [data-file]\n";

bool parse_count(const std::string& s, unsigned long long& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int write_dataset_command(const std::vector<std::string>& args, const std::filesystem::path& dir,
                          std::FILE* out, std::FILE* err) {
  std::vector<std::string> positional;
  MlpLayout layout = MlpLayout::kMlpVb3;
  bool force = false;
  for (const auto& a : args) {
    if (a == "--mlp3")
      layout = MlpLayout::kMlp3;
    else if (a == "--force")
      force = true;
    else
      positional.push_back(a);
  }
  if (positional.empty() || positional.size() > 4) {
    print_to(err, "{}", kDatasetUsage);
    return kExitBadInput;
  }
  unsigned long long numbers[3] = {1, 0, 0};
  for (std::size_t i = 1; i < positional.size(); ++i)
    if (!parse_count(positional[i], numbers[i - 1])) {
      print_to(err, "gmin --dataset: argument {} ('{}') must be a non-negative integer\n{}", i + 1,
               positional[i], kDatasetUsage);
      return kExitBadInput;
    }
  // The minima of a database are minima of the loss over its data: never replace the data under
  // them silently.
  std::error_code ec;
  const bool database = std::filesystem::file_size(dir / "min.data", ec) > 0 && !ec;
  if (database && !force)
    for (const char* name : {"MLPdata", "MLPdata.test"})
      if (std::filesystem::exists(dir / name)) {
        print_to(err,
                 "gmin --dataset: {} already exists and min.data here holds minima of the loss "
                 "over it: new data would leave them minima of another loss. Nothing was written; "
                 "use another directory, or give --force to replace MLPdata and MLPdata.test "
                 "anyway\n",
                 name);
        return kExitBadInput;
      }
  try {
    const DataSplit split = make_dataset(positional[0], numbers[0], numbers[1], numbers[2]);
    write_mlp_data(dir / "MLPdata", split.train, layout);
    write_mlp_data(dir / "MLPdata.test", split.test, layout);
    const auto& t = split.train;
    print_to(out,
             "wrote {} training items to MLPdata and {} test items to MLPdata.test ({} layout, "
             "seed {})\n",
             t.size(), split.test.size(), to_string(layout), numbers[0]);
    if (split.n_train_labels_changed > 0)
      print_to(out, "{} of the {} training labels were changed (mislabelled)\n",
               split.n_train_labels_changed, t.size());
    print_to(out, "keywords for `data`, e.g. with 3 hidden nodes:\n");
    if (layout == MlpLayout::kMlpVb3)
      print_to(out, "  MLPVB3 {} 1 3 {} {} 1.0D-5\n", t.n_features, t.n_classes, t.size());
    else
      print_to(out, "  MLP3 {} 3 {} {} 1.0D-5\n", t.n_features, t.n_classes, t.size());
    print_to(out, "  MLPTESTDATA MLPdata.test {}\n", split.test.size());
    return kExitOk;
  } catch (const InputError& e) {
    print_to(err, "gmin --dataset: {}\n", e.what());
    return kExitBadInput;
  } catch (const RuntimeError& e) {
    print_to(err, "gmin --dataset: {}\n", e.what());
    return kExitRuntime;
  }
}

int isomers_command(const std::vector<std::string>& args, const std::filesystem::path& dir,
                    std::FILE* out, std::FILE* err) {
  if (args.empty() || args.size() > 2) {
    print_to(err, "{}", kIsomersUsage);
    return kExitBadInput;
  }
  const std::string data_name = args.size() > 1 ? args[1] : "data";
  try {
    GminOptions opt;
    const auto parsed = gmin_keyword_table().parse(data_name, read_text(dir / data_name), opt);
    if (!parsed.ok()) {
      print_to(err, "{}", keywords::format_all(parsed.diagnostics));
      return kExitBadInput;
    }
    if (!opt.mlp) {
      print_to(err, "gmin --isomers: {} names no network (MLP3 or MLPVB3)\n", data_name);
      return kExitBadInput;
    }
    const auto loss = make_mlp_loss(*opt.mlp, dir / "MLPdata");
    const std::vector<double> w = read_coords_file(dir / args[0], 1);
    if (w.size() != loss->n_dof()) {
      print_to(err, "gmin --isomers: {} holds {} values, the network has {} weights\n", args[0],
               w.size(), loss->n_dof());
      return kExitBadInput;
    }
    const MlpShape shape = loss->shape();
    if (shape.n_hidden > kMaxHiddenForIsomerDistances) {
      print_to(err,
               "gmin --isomers: {} hidden nodes give {} isomers; the listing stops at {} nodes\n",
               shape.n_hidden, isomer_count(shape), kMaxHiddenForIsomerDistances);
      return kExitBadInput;
    }
    const IsomerSummary s =
        isomer_summary(w, shape, [&](std::span<const double> x) { return loss->energy(x); });
    print_to(out, "# {} isomers of {} ({} hidden nodes: {}! permutations x 2^{} sign flips)\n",
             s.count(), args[0], shape.n_hidden, shape.n_hidden, shape.n_hidden);
    print_to(out, "# largest loss difference from isomer 1: {:.3e}\n", s.max_loss_deviation());
    print_to(out, "# isomer loss\n");
    for (std::size_t i = 0; i < s.count(); ++i)
      print_to(out, "{:6d} {:.15f}\n", i + 1, s.losses[i]);
    print_to(out, "# pairwise Euclidean distances, row i = isomer i\n");
    for (std::size_t i = 0; i < s.count(); ++i) {
      std::string row;
      for (std::size_t j = 0; j < s.count(); ++j) row += fmt::format(" {:.6f}", s.distance(i, j));
      print_to(out, "{}\n", row.substr(1));
    }
    return kExitOk;
  } catch (const InputError& e) {
    print_to(err, "{}\n", e.what());
    return kExitBadInput;
  }
}

}  // namespace landscape::gmin
