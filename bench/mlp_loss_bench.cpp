// Loss+gradient evaluations per second of the MLPVB3 network loss (MlpLoss) on a two-class spiral,
// ours against a vectorised numpy implementation of the same loss and gradient, measured in the
// same run on the same data and weights. The peer's loss and gradient are compared with ours.

#include <cblas.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"

using landscape::bench::shell_quote;

namespace {

namespace bench = landscape::bench;

/// The first lines of --help.
constexpr const char* kAbout =
    "Times loss+gradient evaluations of the MLPVB3 loss (2 inputs, 2 outputs) on --points\nspiral "
    "points, ours and a numpy peer (under Debian's python3), and prints both rates and\ntheir "
    "ratio.";

struct Args {
  std::size_t points = 3200;
  std::vector<std::size_t> hidden = {3, 10};
  double lambda = 1e-5;
  std::uint64_t seed = 1;
  double min_seconds = 2.0;
  std::string python = "/usr/bin/python3";
  std::filesystem::path peer = LANDSCAPE_BENCH_SOURCE_DIR "/mlp_numpy_peer.py";
  bool run_peer = true;
  bool keep_files = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("mlp_loss_bench", kAbout);
  app.add_option("--points", a.points, "data items")->check(bench::at_least(2));
  app.add_option("--hidden", a.hidden, "hidden-node counts to time, e.g. 3,10")
      ->delimiter(',')
      ->check(bench::at_least(1));
  app.add_option("--lambda", a.lambda, "L2 coefficient")->check(bench::at_least(0));
  app.add_option("--seed", a.seed, "seed of the data and the weights");
  app.add_option("--min-seconds", a.min_seconds,
                 "time each side at least this long (s) per network")
      ->check(bench::at_least(0));
  bench::add_peer_options(app, a.python, a.peer, a.run_peer);
  app.add_flag("--keep-files", a.keep_files, "keep the data, weights and gradient files");
  app.parse_or_exit(argc, argv);
  return a;
}

/// Two interleaved spiral arms (Lang & Witbrock's problem), half the points each, with a small
/// uniform noise: arm c, point i at angle phi = 3 pi u (u uniform in (0,1]), radius phi/(3 pi),
/// rotated by c pi. A stand-in with the shape of the real generator, made here so that the
/// benchmark does not depend on it.
landscape::LabelledData spiral(std::size_t n, landscape::Rng& rng) {
  landscape::LabelledData data;
  data.n_features = 2;
  data.n_classes = 2;
  for (std::size_t d = 0; d < n; ++d) {
    const int c = static_cast<int>(d % 2);
    const double phi = 3.0 * std::numbers::pi * (1.0 - rng.uniform());
    const double r = phi / (3.0 * std::numbers::pi);
    data.x.push_back(r * std::cos(phi + c * std::numbers::pi) + 0.05 * rng.symmetric());
    data.x.push_back(r * std::sin(phi + c * std::numbers::pi) + 0.05 * rng.symmetric());
    data.labels.push_back(c);
  }
  return data;
}

struct Timing {
  long long calls = 0;
  double seconds = 0.0, cpu_seconds = 0.0;
};

Timing time_ours(const landscape::MlpLoss& loss, const std::vector<double>& w, double min_seconds) {
  std::vector<double> g(w.size());
  Timing t;
  double sink = 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  do {
    for (int k = 0; k < 100; ++k) sink += loss.energy_gradient(w, g);
    t.calls += 100;
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (t.seconds < min_seconds);
  t.cpu_seconds = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (!std::isfinite(sink)) fmt::print("(non-finite loss)\n");
  return t;
}

/// Runs the peer and returns its key=value results; empty on failure.
std::map<std::string, std::string> run_peer(const Args& args, const std::filesystem::path& data,
                                            const std::filesystem::path& weights,
                                            const std::filesystem::path& gradient,
                                            std::size_t n_hidden) {
  // Debian's numpy links Debian's OpenBLAS: tuning variables meant for another build are dropped
  // for the peer only (env -u is harmless when they are not set). One BLAS thread, as ours.
  const std::string cmd = fmt::format(
      "{} {} {} {} --hidden {} --outputs 2 --lambda {:.17g} --min-seconds {} --gradient-out {}",
      shell_quote(args.python), shell_quote(args.peer.string()), shell_quote(data.string()),
      shell_quote(weights.string()), n_hidden, args.lambda, args.min_seconds,
      shell_quote(gradient.string()));
  return landscape::bench::run_python_peer(cmd);
}

std::vector<double> read_values(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<double> v;
  double x;
  while (in >> x) v.push_back(x);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  // One BLAS thread: the loss is evaluated on one core, as in a basin-hopping run.
  openblas_set_num_threads(1);

  landscape::Rng rng(args.seed);
  const auto tmp = std::filesystem::temp_directory_path();
  const long pid = static_cast<long>(getpid());
  const auto data_file = tmp / fmt::format("mlp_loss_bench_{}_MLPdata", pid);
  {
    std::ofstream f(data_file);
    landscape::write_mlp_data(f, spiral(args.points, rng), landscape::MlpLayout::kMlpVb3);
    if (!f) {
      fmt::print(stderr, "mlp_loss_bench: cannot write {}\n", data_file.string());
      return 2;
    }
  }
  // Read back what the peer reads (the file holds every bit of the data).
  const auto data = std::make_shared<const landscape::LabelledData>(
      landscape::read_mlp_data(data_file, landscape::MlpLayout::kMlpVb3, 2, 1, 2, args.points));

  fmt::print(
      "MLPVB3 loss+gradient benchmark: {} spiral points (seed {}), 2 inputs, 2 outputs, lambda "
      "{:g}; OpenBLAS with 1 thread (openblas_set_num_threads(1); peer: OPENBLAS_NUM_THREADS=1)\n",
      args.points, args.seed, args.lambda);
  // The kernel OpenBLAS chose for this process (OPENBLAS_CORETYPE overrides its choice); the peer
  // runs with OPENBLAS_CORETYPE removed, so under its own choice of Debian's build.
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  fmt::print("OpenBLAS kernel (ours): {} (OPENBLAS_CORETYPE {})\n", openblas_get_corename(),
             coretype != nullptr ? fmt::format("= {}", coretype) : std::string("unset"));
  int status = 0;
  std::vector<std::filesystem::path> files = {data_file};
  for (const std::size_t nh : args.hidden) {
    const landscape::MlpLoss loss(landscape::mlpvb3_shape(2, nh, 2), data, args.lambda);
    std::vector<double> w(loss.n_dof()), g(loss.n_dof());
    for (double& v : w) v = rng.symmetric();
    const double ours_loss = loss.energy_gradient(w, g);
    const Timing ours = time_ours(loss, w, args.min_seconds);
    const double ours_rate = static_cast<double>(ours.calls) / ours.seconds;
    const double ours_cpu_rate = static_cast<double>(ours.calls) / ours.cpu_seconds;
    fmt::print("\nNhid = {} ({} weights)\n", nh, loss.n_dof());
    fmt::print(
        "  ours   {:10.0f} evaluations/s wall ({:.0f}/s CPU; {:.2f} us each)  loss {:.17g}\n",
        ours_rate, ours_cpu_rate, 1e6 / ours_rate, ours_loss);
    std::fflush(stdout);
    if (!args.run_peer) continue;

    const auto weights_file = tmp / fmt::format("mlp_loss_bench_{}_weights_{}", pid, nh);
    const auto gradient_file = tmp / fmt::format("mlp_loss_bench_{}_gradient_{}", pid, nh);
    files.push_back(weights_file);
    files.push_back(gradient_file);
    {
      std::ofstream f(weights_file);
      for (double v : w) f << fmt::format("{:.17g}\n", v);
    }
    const auto peer = run_peer(args, data_file, weights_file, gradient_file, nh);
    if (peer.count("seconds") == 0 || peer.count("loss") == 0) {
      fmt::print(stderr, "mlp_loss_bench: no result from the peer {}\n", args.peer.string());
      status = 2;
      continue;
    }
    const double p_calls = std::stod(peer.at("calls"));
    const double rate = p_calls / std::stod(peer.at("seconds"));
    const double cpu_rate = p_calls / std::stod(peer.at("cpu_seconds"));
    const double p_loss = std::stod(peer.at("loss"));
    fmt::print(
        "  numpy  {:10.0f} evaluations/s wall ({:.0f}/s CPU; {:.2f} us each)  loss {} (numpy {}, "
        "python {})\n",
        rate, cpu_rate, 1e6 / rate, peer.at("loss"), peer.at("numpy"), peer.at("python"));
    const std::vector<double> pg = read_values(gradient_file);
    double g_scale = 0.0, g_diff = 0.0;
    for (std::size_t i = 0; i < g.size(); ++i) {
      g_scale = std::max(g_scale, std::abs(g[i]));
      if (i < pg.size()) g_diff = std::max(g_diff, std::abs(g[i] - pg[i]));
    }
    const bool agree = pg.size() == g.size() &&
                       std::abs(p_loss - ours_loss) <= 1e-12 * std::abs(ours_loss) &&
                       g_diff <= 1e-12 * std::max(1.0, g_scale);
    fmt::print(
        "  agreement: |loss difference| {:.2g} (relative {:.2g}), max |gradient difference| {:.2g} "
        "(max |g| {:.3g}): {}\n",
        std::abs(p_loss - ours_loss), std::abs(p_loss - ours_loss) / std::abs(ours_loss), g_diff,
        g_scale, agree ? "agree" : "DISAGREE");
    if (!agree) status = 2;
    fmt::print(
        "  ours / numpy = {:.1f}   (evaluations per second, wall clock; CPU time: {:.1f}; target "
        ">= 10)\n",
        ours_rate / rate, ours_cpu_rate / cpu_rate);
  }
  if (args.keep_files) {
    for (const auto& f : files) fmt::print("kept {}\n", f.string());
  } else {
    for (const auto& f : files) std::filesystem::remove(f);
  }
  return status;
}
