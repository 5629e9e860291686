// Distinct minima per hour of gmin on the loss landscape of a spiral classifier (Niroomand et al.
// 2022; issue 3): basin-hopping with DATABASE at TIGHTCONV 1e-10, one core, beside the paper's 7842
// minima in about 92 hours (Niroomand, Morgan, Cafolla & Wales, Mach. Learn.: Sci. Technol. 3,
// 025004 (2022)).
//
// For each hidden-layer size: the default spiral (3200 training items, seed 1) is written to
// MLPdata in a scratch directory, the options come from a keyword text parsed by the gmin keyword
// table, the system from make_gmin_system, and BasinHopping runs with a DatabaseRecorder observing
// every step, as gmin_run.cpp does, until the wall-clock budget is spent. BasinHopping::run stops
// only at STEPS (or a TARGET), so the run goes in chunks: each chunk is a BasinHopping whose STEPS
// is the step reached plus the chunk length, restored from the state the previous chunk ended in
// (the state holds the generator, the Markov chain and the adaptive step, so the walk is the one a
// single run would make; checked by --check-chunks).

#include <cblas.h>
#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/io/logger.hpp"
#include "common/keywords/diagnostic.hpp"
#include "common/ml/datasets.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/potentials/mlp.hpp"
#include "common/potentials/potential.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/database_recorder.hpp"
#include "gmin/gmin_keywords.hpp"
#include "gmin/gmin_system.hpp"

namespace {

namespace bench = landscape::bench;
namespace gm = landscape::gmin;
namespace fs = std::filesystem;

/// The paper: 7842 minima in about 92 hours on one core of a 2.6 GHz Xeon X5650.
constexpr double kPaperMinima = 7842.0;
constexpr double kPaperHours = 92.0;
constexpr double kPaperPerHour = kPaperMinima / kPaperHours;  // about 85
constexpr double kTargetRatio = 100.0;

/// STEP and TEMPERATURE of the walk for one network, unless given on the command line (the trials
/// behind them are in bench/README.md). Minima weights are 10-20 in magnitude: smaller steps fall
/// back into the minimum they started from (Nhid 10: STEP 1 found 2 minima in 1800 quenches), and
/// the 17 weights of Nhid 3 need a larger step than the 52 of Nhid 10. Loss differences between
/// minima are 0.01-0.2, so at T = 1 nearly every step is accepted: the walk moves on every step
/// (lower T, 0.01 or 0.001, found as many or fewer minima per quench).
struct WalkDefaults {
  int n_hidden;
  double step;
  double temperature;
};
constexpr WalkDefaults kDefaults[] = {{3, 8.0, 1.0}, {10, 4.0, 1.0}};

/// The first lines of --help.
constexpr const char* kAbout =
    "Distinct minima per hour of gmin basin-hopping (DATABASE, TIGHTCONV 1e-10) on the spiral.";

struct Args {
  double seconds = 120.0;
  std::vector<int> hidden{3, 10};
  std::optional<double> step, temperature;
  double sloppy = 1e-10;
  long long ranseed = 1;
  bool adapt = false;
  long long updates = 100;
  std::vector<std::string> extra;
  long long steps = 0;  ///< 0: no limit
  double report = 10.0;
  std::optional<fs::path> dir;
  bool keep = false;
  bool check_chunks = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("network_minima_bench", kAbout);
  app.add_option("--seconds", a.seconds, "wall-clock budget per network")->check(bench::positive());
  app.add_option("--hidden", a.hidden, "hidden-layer sizes, e.g. 3,10")
      ->delimiter(',')
      ->check(bench::at_least(1));
  app.add_option("--step", a.step,
                 "STEP, the largest weight displacement (default per network, see README)")
      ->check(bench::positive());
  app.add_option("--temperature", a.temperature,
                 "TEMPERATURE of the Metropolis walk (default per network, see README)")
      ->check(bench::positive());
  app.add_option("--sloppy", a.sloppy, "SLOPPYCONV of the basin-hopping quenches (= TIGHTCONV)")
      ->check(bench::positive());
  app.add_option("--ranseed", a.ranseed, "RANSEED; it also seeds the random start weights")
      ->check(bench::at_least(0));
  app.add_flag("--adapt", a.adapt, "let gmin adapt STEP to ACCEPTRATIO 0.5 (default: FIXBOTH)");
  app.add_option("--updates", a.updates, "UPDATES, the L-BFGS memory; GMIN's own default is 4")
      ->check(bench::at_least(1));
  app.add_option("--extra", a.extra,
                 "one more keyword line (repeatable), e.g. --extra 'MAXBFGS 1.0'");
  app.add_option("--steps", a.steps,
                 "also stop after this many steps, 0: no limit (to compare settings at equal work)")
      ->check(bench::at_least(0));
  app.add_option("--report", a.report, "seconds between rows of the progress table")
      ->check(bench::positive());
  app.add_option("--dir", a.dir,
                 "scratch directory (default: a new one under the system temporary directory)");
  app.add_flag("--keep", a.keep,
               "keep the scratch directory (MLPdata, data, min.data, points.min)");
  app.add_flag("--check-chunks", a.check_chunks,
               "check that chunked runs equal one run of the same steps, then exit");
  app.parse_or_exit(argc, argv);
  return a;
}

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double load_average() {
  double l[1] = {0.0};
  return getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

/// Forwards to a potential and accumulates the wall time and count of each kind of call, so the
/// benchmark can say how much of a quench is the loss itself and how long the Hessians take.
class TimedPotential final : public landscape::Potential {
 public:
  explicit TimedPotential(const landscape::Potential& p) : p_(p) {}
  std::size_t n_dof() const override { return p_.n_dof(); }
  std::string name() const override { return p_.name(); }
  double energy(std::span<const double> x) const override {
    const auto t0 = Clock::now();
    const double e = p_.energy(x);
    energy_seconds_ += seconds_since(t0);
    ++energy_calls_;
    return e;
  }
  double energy_gradient(std::span<const double> x, std::span<double> g) const override {
    const auto t0 = Clock::now();
    const double e = p_.energy_gradient(x, g);
    gradient_seconds_ += seconds_since(t0);
    ++gradient_calls_;
    last_energy_ = e;
    return e;
  }
  double energy_gradient_hessian(std::span<const double> x, std::span<double> g,
                                 std::span<double> h) const override {
    const auto t0 = Clock::now();
    const double e = p_.energy_gradient_hessian(x, g, h);
    hessian_seconds_ += seconds_since(t0);
    ++hessian_calls_;
    return e;
  }
  bool has_analytic_hessian() const override { return p_.has_analytic_hessian(); }
  std::size_t n_atoms() const override { return p_.n_atoms(); }

  /// Seconds and calls of loss (+gradient) evaluations, and of Hessians.
  double loss_seconds() const { return energy_seconds_ + gradient_seconds_; }
  long long loss_calls() const { return energy_calls_ + gradient_calls_; }
  double hessian_seconds() const { return hessian_seconds_; }
  long long hessian_calls() const { return hessian_calls_; }
  /// Energy of the latest energy_gradient call (for a converged L-BFGS quench: its minimum).
  double last_energy() const { return last_energy_; }

 private:
  const landscape::Potential& p_;
  mutable double energy_seconds_ = 0, gradient_seconds_ = 0, hessian_seconds_ = 0;
  mutable long long energy_calls_ = 0, gradient_calls_ = 0, hessian_calls_ = 0;
  mutable double last_energy_ = 0;
};

/// The keyword text of a run (the same lines a `data` file would hold).
std::string keyword_text(int n_hidden, double step, double temperature, const Args& a) {
  std::string t;
  t += fmt::format("MLPVB3 2 1 {} 2 {} 1.0D-5\n", n_hidden, landscape::kDefaultTrainSize);
  // STEPS is replaced chunk by chunk; the temperature factor 1 keeps T constant.
  t += "STEPS 1000000000 1.0\n";
  t += fmt::format("TEMPERATURE {:g}\n", temperature);
  t += fmt::format("STEP {:g} 0.0\n", step);
  if (!a.adapt) t += "FIXBOTH\n";
  // Every converged quench is offered to DATABASE and re-quenched to TIGHTCONV there, so a
  // SLOPPYCONV looser than TIGHTCONV splits one descent in two and pays for restarting the L-BFGS
  // memory (8-17% more loss evaluations at 1e-5, measured; see README).
  t += fmt::format("SLOPPYCONV {:g}\n", a.sloppy);
  t += "TIGHTCONV 1.0D-10\n";
  t += "MAXIT 100000 100000\n";
  t += "SAVE 1\n";
  t += "EDIFF 1.0D-7\n";
  t += "DATABASE 1.0D-7\n";
  t += "GEOMDIFFTOL 1.0D-3\n";
  // The soft modes (eigenvalue ~2 lambda) make these quenches ill-conditioned: a long L-BFGS
  // memory cuts the loss evaluations per minimum by 2-3 times against GMIN's 4.
  t += fmt::format("UPDATES {}\n", a.updates);
  t += fmt::format("RANSEED {}\n", a.ranseed);
  for (const auto& line : a.extra) t += line + "\n";
  return t;
}

/// One row of the progress table.
struct Sample {
  double seconds;
  long long steps, quenches, minima;
};

/// Everything a network run measured.
struct RunSummary {
  int n_hidden = 0;
  double seconds = 0, cpu_seconds = 0;
  long long steps = 0, quenches = 0, accepted = 0, minima = 0;
  long long sloppy_calls = 0;
  double sloppy_loss_seconds = 0;
  double database_seconds = 0;
  double db_loss_seconds = 0, db_hessian_seconds = 0;
  long long db_loss_calls = 0, db_hessians = 0;
  gm::DatabaseStats db;
  double lowest = 0, highest = 0;
  long long returned = 0;       ///< steps whose quench fell back into the minimum they started from
  long long unmatched = 0;      ///< duplicates whose stored minimum was not found by loss
  std::vector<long long> hits;  ///< per stored minimum: quenches that ended in it
  double load_start = 0, load_end = 0;
  std::vector<double> new_minimum_times;      ///< elapsed seconds at which each minimum was added
  std::vector<long long> new_minimum_quench;  ///< quench count at which each minimum was added
  std::vector<Sample> samples;                ///< the state at the end of every chunk
};

struct Prepared {
  gm::GminOptions options;
  gm::GminSystem system;
};

/// Writes MLPdata into dir and builds options and system from the keyword text.
Prepared prepare(const fs::path& dir, const std::string& text) {
  Prepared p;
  const auto parsed = gm::gmin_keyword_table().parse("data", text, p.options);
  if (!parsed.ok()) {
    fmt::print(stderr, "{}", landscape::keywords::format_all(parsed.diagnostics));
    std::exit(3);
  }
  landscape::keywords::DiagnosticSink problems("data");
  p.system = gm::make_gmin_system(p.options, parsed, dir, problems);
  if (!problems.empty()) std::exit(problems.report(stderr, "network_minima_bench") + 1);
  return p;
}

/// Runs `steps` steps of the walk in chunks of `chunk` steps (restoring the state each time) and
/// returns the final state.
gm::BasinHoppingState run_chunked(const gm::GminOptions& base, const landscape::Potential& pot,
                                  std::vector<double> start, long long steps, long long chunk,
                                  landscape::Logger& quiet) {
  gm::BasinHoppingState st;
  {
    gm::BasinHopping bh(gm::basin_hopping_options(base), pot,
                        {landscape::StepKind::kUniform, nullptr}, 0.0, quiet);
    bh.start(std::move(start));
    st = bh.state();
  }
  while (st.step < steps) {
    gm::GminOptions o = base;
    o.steps = std::min(steps, st.step + chunk);
    gm::BasinHopping bh(gm::basin_hopping_options(o), pot, {landscape::StepKind::kUniform, nullptr},
                        0.0, quiet);
    bh.restore(st);
    bh.run({});
    st = bh.state();
  }
  return st;
}

/// --check-chunks: 200 steps in one run and in chunks of 7 must end in the same state.
int check_chunks(const Args& args, const fs::path& dir) {
  landscape::Logger quiet(nullptr);
  bool ok = true;
  for (int h : args.hidden) {
    Prepared p = prepare(dir, keyword_text(h, 4.0, 1.0, args));
    constexpr long long kSteps = 200;
    const auto one =
        run_chunked(p.options, p.system.system.potential(), p.system.start, kSteps, kSteps, quiet);
    const auto many =
        run_chunked(p.options, p.system.system.potential(), p.system.start, kSteps, 7, quiet);
    const bool same = one.markov == many.markov && one.markov_energy == many.markov_energy &&
                      one.quenches == many.quenches && one.function_calls == many.function_calls &&
                      one.rng_state == many.rng_state && one.total_accepted == many.total_accepted;
    fmt::print(
        "Nhid {:2d}: {} steps in one run and in chunks of 7: {} ({} quenches, {} calls, Markov E "
        "{:.12f})\n",
        h, kSteps, same ? "same state" : "DIFFERENT", many.quenches, many.function_calls,
        many.markov_energy);
    ok = ok && same;
  }
  return ok ? 0 : 2;
}

RunSummary run_network(int n_hidden, const Args& args, const fs::path& dir) {
  const WalkDefaults* d = nullptr;
  for (const auto& w : kDefaults)
    if (w.n_hidden == n_hidden) d = &w;
  const double step = args.step.value_or(d ? d->step : 4.0);
  const double temperature = args.temperature.value_or(d ? d->temperature : 1.0);

  // A fresh database for every network.
  fs::remove(dir / "min.data");
  fs::remove(dir / "points.min");
  const std::string text = keyword_text(n_hidden, step, temperature, args);
  Prepared p = prepare(dir, text);
  fmt::print("== Nhid = {}: {}\n", n_hidden, p.system.description);
  fmt::print("keywords:");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) fmt::print(" {} |", line);
  fmt::print("\n");

  TimedPotential walk_pot(p.system.system.potential());
  TimedPotential db_pot(p.system.system.potential());
  landscape::Logger quiet(nullptr);
  gm::DatabaseRecorder database(dir, p.options, db_pot, p.system.system, quiet);

  RunSummary sum;
  sum.n_hidden = n_hidden;
  sum.load_start = load_average();
  const double cpu0 = process_cpu_seconds();
  const auto t0 = Clock::now();
  double next_report = args.report;
  long long last_reported_minima = 0;
  fmt::print("{:>9} {:>9} {:>9} {:>9} {:>8} {:>14}\n", "seconds", "steps", "quenches", "minima",
             "new", "lowest loss");

  // Which stored minimum each quench ended in: a new one, or for a duplicate the stored minimum
  // whose loss is nearest the re-quenched loss (the recorder does not say which it matched; its
  // last loss+gradient call is at the converged point). Returns the 0-based index, or -1.
  const double etol = p.options.database->etol;
  auto record_offer = [&](std::span<const double> x, long long quenches) -> long long {
    const long long duplicates = database.stats().duplicates;
    const auto o0 = Clock::now();
    const std::size_t added = database.offer(x);
    sum.database_seconds += seconds_since(o0);
    if (added) {
      sum.new_minimum_times.push_back(seconds_since(t0));
      sum.new_minimum_quench.push_back(quenches);
      sum.hits.push_back(1);
      return static_cast<long long>(added) - 1;
    }
    if (database.stats().duplicates == duplicates) return -1;
    const double e = db_pot.last_energy();
    const auto& db = database.database();
    long long best = -1;
    for (std::size_t i = 0; i < db.size(); ++i)
      if (std::abs(db[i].energy - e) < etol &&
          (best < 0 ||
           std::abs(db[i].energy - e) < std::abs(db[static_cast<std::size_t>(best)].energy - e)))
        best = static_cast<long long>(i);
    if (best >= 0)
      ++sum.hits[static_cast<std::size_t>(best)];
    else
      ++sum.unmatched;
    return best;
  };

  gm::BasinHoppingState st;
  long long markov_index = -1;  // the stored minimum the walk stands in
  {
    gm::BasinHopping bh(gm::basin_hopping_options(p.options), walk_pot,
                        {landscape::StepKind::kUniform, nullptr}, 0.0, quiet);
    bh.start(p.system.start);
    st = bh.state();
    markov_index = record_offer(st.markov, st.quenches);
  }
  auto print_row = [&](double t) {
    const auto& db = database.database();
    double lowest = 0;
    for (std::size_t i = 0; i < db.size(); ++i)
      lowest = i == 0 ? db[i].energy : std::min(lowest, db[i].energy);
    const auto n = static_cast<long long>(db.size());
    fmt::print("{:9.1f} {:9d} {:9d} {:9d} {:8d} {:14.10f}\n", t, st.step, st.quenches, n,
               n - last_reported_minima, lowest);
    std::fflush(stdout);
    last_reported_minima = n;
  };

  // Chunks of steps sized to about a tenth of a report interval, so the budget is kept to within
  // a fraction of a second whatever a step costs.
  long long chunk = 10;
  while (seconds_since(t0) < args.seconds && (args.steps == 0 || st.step < args.steps)) {
    gm::GminOptions o = p.options;
    o.steps = args.steps > 0 ? std::min(args.steps, st.step + chunk) : st.step + chunk;
    gm::BasinHopping bh(gm::basin_hopping_options(o), walk_pot,
                        {landscape::StepKind::kUniform, nullptr}, 0.0, quiet);
    bh.restore(st);
    const auto c0 = Clock::now();
    bh.run([&](const gm::StepReport& r) {
      if (!r.converged || r.evaporated) return gm::ObserverAction::kContinue;
      const long long m = record_offer(r.coords, st.quenches + r.step - st.step);
      if (m >= 0 && m == markov_index) ++sum.returned;
      if (r.accepted) markov_index = m;
      return gm::ObserverAction::kContinue;
    });
    const double chunk_seconds = seconds_since(c0);
    st = bh.state();
    const double t = seconds_since(t0);
    sum.samples.push_back(
        {t, st.step, st.quenches, static_cast<long long>(database.database().size())});
    if (t >= next_report) {
      print_row(t);
      while (next_report <= t) next_report += args.report;
    }
    const double target = std::min(0.1 * args.report, 1.0);
    if (chunk_seconds < 0.5 * target)
      chunk *= 2;
    else if (chunk_seconds > 2 * target && chunk > 1)
      chunk /= 2;
  }
  sum.seconds = seconds_since(t0);
  sum.cpu_seconds = process_cpu_seconds() - cpu0;
  sum.load_end = load_average();
  if (last_reported_minima != static_cast<long long>(database.database().size()))
    print_row(sum.seconds);

  sum.steps = st.step;
  sum.quenches = st.quenches;
  sum.accepted = st.total_accepted;
  sum.minima = static_cast<long long>(database.database().size());
  sum.sloppy_calls = st.function_calls;
  sum.sloppy_loss_seconds = walk_pot.loss_seconds();
  sum.db = database.stats();
  sum.db_loss_seconds = db_pot.loss_seconds();
  sum.db_loss_calls = db_pot.loss_calls();
  sum.db_hessian_seconds = db_pot.hessian_seconds();
  sum.db_hessians = db_pot.hessian_calls();
  const auto& db = database.database();
  for (std::size_t i = 0; i < db.size(); ++i) {
    sum.lowest = i == 0 ? db[i].energy : std::min(sum.lowest, db[i].energy);
    sum.highest = i == 0 ? db[i].energy : std::max(sum.highest, db[i].energy);
  }
  return sum;
}

/// Quenches done by t seconds into the run, interpolated between the ends of chunks.
long long quenches_at(const RunSummary& s, double t) {
  double t0 = 0.0, q0 = 1.0;  // the initial quench
  for (const Sample& m : s.samples) {
    if (m.seconds >= t) {
      const double f = m.seconds > t0 ? (t - t0) / (m.seconds - t0) : 1.0;
      return std::llround(q0 + f * (static_cast<double>(m.quenches) - q0));
    }
    t0 = m.seconds;
    q0 = static_cast<double>(m.quenches);
  }
  return s.quenches;
}

void print_summary(const RunSummary& s) {
  const double per_hour = static_cast<double>(s.minima) / s.seconds * 3600.0;
  fmt::print("\nNhid {}: {} distinct minima in {:.1f} s ({} steps, {} quenches, {} accepted)\n",
             s.n_hidden, s.minima, s.seconds, s.steps, s.quenches, s.accepted);
  fmt::print(
      "  minima/hour {:.0f}; paper {:.0f}/hour (7842 in ~92 h); ours/paper = {:.1f} (target >= "
      "{:.0f} where the landscape has that many minima)\n",
      per_hour, kPaperPerHour, per_hour / kPaperPerHour, kTargetRatio);
  fmt::print(
      "  per CPU hour of this process: {:.0f} minima (ours/paper = {:.1f}); the machine was "
      "shared\n",
      static_cast<double>(s.minima) / s.cpu_seconds * 3600.0,
      static_cast<double>(s.minima) / s.cpu_seconds * 3600.0 / kPaperPerHour);
  fmt::print(
      "  quenches/s {:.2f}; CPU {:.1f} s of {:.1f} s wall ({:.0f}% of one core); load average "
      "{:.2f} at start, {:.2f} at end (2 cores)\n",
      static_cast<double>(s.quenches) / s.seconds, s.cpu_seconds, s.seconds,
      100.0 * s.cpu_seconds / s.seconds, s.load_start, s.load_end);
  // Hits per minimum; Chao1 (Chao, Scand. J. Stat. 11, 265 (1984)) estimates from the minima
  // seen once (f1) and twice (f2) how many the walk would find in all. Successive quenches of a
  // Markov walk are correlated, so it is a rough guide, not a bound.
  long long f1 = 0, f2 = 0;
  for (long long h : s.hits) {
    f1 += h == 1;
    f2 += h == 2;
  }
  const double n_obs = static_cast<double>(s.minima);
  const double chao1 = f2 > 0
                           ? n_obs + static_cast<double>(f1 * f1) / (2.0 * static_cast<double>(f2))
                           : n_obs + static_cast<double>(f1 * (f1 - 1)) / 2.0;
  fmt::print(
      "  quenches per minimum: {} minima seen once, {} twice, {} three times or more ({} "
      "duplicates not matched by loss); Chao1 estimate of all minima the walk reaches: {:.0f}\n",
      f1, f2, static_cast<long long>(s.hits.size()) - f1 - f2, s.unmatched, chao1);
  fmt::print("  steps that fell back into the minimum they started from: {} ({:.1f}%)\n",
             s.returned,
             100.0 * static_cast<double>(s.returned) /
                 std::max<double>(1.0, static_cast<double>(s.steps)));
  const long long all_calls = s.sloppy_calls + s.db.function_calls;
  fmt::print(
      "  loss+gradient calls: {} in quenches, {} in DATABASE re-quenches; {:.1f} minima per "
      "million calls\n",
      s.sloppy_calls, s.db.function_calls,
      1e6 * static_cast<double>(s.minima) / static_cast<double>(all_calls));
  fmt::print("  loss range of the minima: {:.10f} .. {:.10f}\n", s.lowest, s.highest);
  fmt::print("  DATABASE: {} offered, {} added, {} duplicates, {} not converged, {} not minima\n",
             s.db.offered, s.db.added, s.db.duplicates, s.db.not_converged, s.db.not_minima);

  const double walk = s.seconds - s.database_seconds;
  const double db_rest = s.database_seconds - s.db_loss_seconds - s.db_hessian_seconds;
  auto pct = [&](double x) { return 100.0 * x / s.seconds; };
  fmt::print("  where the time goes (wall clock):\n");
  fmt::print(
      "    {:<52}{:9.1f} s {:5.1f}%  {:8.1f} calls/quench\n",
      "basin-hopping quenches to SLOPPYCONV (and steps)", walk, pct(walk),
      static_cast<double>(s.sloppy_calls) / std::max<double>(1.0, static_cast<double>(s.quenches)));
  fmt::print(
      "      {:<50}{:9.1f} s {:5.1f}%  {:8.1f} us/call\n", "of which loss+gradient",
      s.sloppy_loss_seconds, pct(s.sloppy_loss_seconds),
      1e6 * s.sloppy_loss_seconds / std::max<double>(1.0, static_cast<double>(s.sloppy_calls)));
  fmt::print("    {:<52}{:9.1f} s {:5.1f}%\n", "DATABASE offers", s.database_seconds,
             pct(s.database_seconds));
  fmt::print("      {:<50}{:9.1f} s {:5.1f}%  {:8.1f} calls/offer\n",
             "tight re-quench to 1e-10: loss+gradient", s.db_loss_seconds, pct(s.db_loss_seconds),
             static_cast<double>(s.db.function_calls) /
                 std::max<double>(1.0, static_cast<double>(s.db.offered)));
  fmt::print(
      "      {:<50}{:9.1f} s {:5.1f}%  {:8d} Hessians, {:.2f} ms each\n", "Hessians (analytic)",
      s.db_hessian_seconds, pct(s.db_hessian_seconds), s.db_hessians,
      1e3 * s.db_hessian_seconds / std::max<double>(1.0, static_cast<double>(s.db_hessians)));
  fmt::print("      {:<50}{:9.1f} s {:5.1f}%\n",
             "rest (L-BFGS, eigenvalues, canonical form, identity, append)", db_rest, pct(db_rest));

  // How the count of new minima levels off: each tenth of the run by wall clock.
  fmt::print("  new minima in each tenth of the run:\n");
  fmt::print("    {:>17} {:>10} {:>8} {:>10} {:>12} {:>10}\n", "seconds", "quenches", "new",
             "total", "new/quench", "minima/h");
  std::size_t k = 0;
  long long q_prev = 0;
  for (int tenth = 1; tenth <= 10; ++tenth) {
    const double t_lo = s.seconds * (tenth - 1) / 10.0, t_hi = s.seconds * tenth / 10.0;
    std::size_t start = k;
    while (k < s.new_minimum_times.size() && (s.new_minimum_times[k] < t_hi || tenth == 10)) ++k;
    const long long added = static_cast<long long>(k - start);
    // Quenches by the end of this tenth: the last chunk that ended within it.
    const long long q_hi = tenth < 10 ? quenches_at(s, t_hi) : s.quenches;
    const long long dq = q_hi - q_prev;
    q_prev = q_hi;
    fmt::print("    {:>7.1f} - {:>7.1f} {:>10d} {:>8d} {:>10d} {:>12.4f} {:>10.0f}\n", t_lo, t_hi,
               dq, added, static_cast<long long>(k),
               dq > 0 ? static_cast<double>(added) / static_cast<double>(dq) : 0.0,
               static_cast<double>(added) / (t_hi - t_lo) * 3600.0);
  }
  // The same on a doubling scale of run length: a count that grows like t^a gains 2^a times
  // more minima in each doubling; a = 0 means the walk has found all it finds.
  fmt::print("  distinct minima against run length (doubling):\n");
  fmt::print("    {:>9} {:>10} {:>8} {:>22}\n", "seconds", "quenches", "minima",
             "new since half this");
  std::vector<double> lengths;
  for (double t = s.seconds; t >= 1.0 && lengths.size() < 12; t /= 2) lengths.push_back(t);
  std::reverse(lengths.begin(), lengths.end());
  long long prev = -1;
  for (double t : lengths) {
    const auto n = static_cast<long long>(
        std::upper_bound(s.new_minimum_times.begin(), s.new_minimum_times.end(), t) -
        s.new_minimum_times.begin());
    const long long q = t < s.seconds ? quenches_at(s, t) : s.quenches;
    fmt::print("    {:>9.1f} {:>10d} {:>8d} {:>22}\n", t, q, n,
               prev < 0 ? std::string("") : fmt::format("{}", n - prev));
    prev = n;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  openblas_set_num_threads(1);

  fs::path dir;
  if (args.dir) {
    dir = *args.dir;
  } else {
    dir = fs::temp_directory_path() /
          fmt::format("network_minima_bench.{}", static_cast<long>(::getpid()));
  }
  fs::create_directories(dir);
  const landscape::DataSplit spiral = landscape::spiral();
  landscape::write_mlp_data(dir / "MLPdata", spiral.train, landscape::MlpLayout::kMlpVb3);

  fmt::print(
      "network_minima_bench: gmin basin-hopping + DATABASE (TIGHTCONV 1e-10) on the default spiral "
      "({} training items, seed 1), MLPVB3 2 inputs 2 outputs lambda 1e-5\n",
      spiral.train.size());
  fmt::print("OpenBLAS threads: {} ({}); scratch directory {}\n", openblas_get_num_threads(),
             openblas_get_corename(), dir.string());
  std::fflush(stdout);

  int status = 0;
  if (args.check_chunks) {
    status = check_chunks(args, dir);
  } else {
    std::vector<RunSummary> all;
    for (int h : args.hidden) {
      all.push_back(run_network(h, args, dir));
      print_summary(all.back());
      std::fflush(stdout);
    }
    fmt::print("\n{:>6} {:>9} {:>9} {:>12} {:>12} {:>11}\n", "Nhid", "seconds", "minima",
               "minima/h", "quenches/s", "ours/paper");
    for (const auto& s : all) {
      const double per_hour = static_cast<double>(s.minima) / s.seconds * 3600.0;
      fmt::print("{:>6} {:>9.1f} {:>9} {:>12.0f} {:>12.2f} {:>11.1f}\n", s.n_hidden, s.seconds,
                 s.minima, per_hour, static_cast<double>(s.quenches) / s.seconds,
                 per_hour / kPaperPerHour);
    }
  }
  if (!args.keep) fs::remove_all(dir);
  return status;
}
