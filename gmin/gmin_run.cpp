#include "gmin/gmin_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <numbers>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "common/geometry/cluster_geometry.hpp"
#include "common/io/cli.hpp"
#include "common/io/program_main.hpp"
#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/keywords/program_start.hpp"
#include "common/io/text_file.hpp"
#include "common/io/logger.hpp"
#include "common/io/progress_display.hpp"
#include "common/ml/classification_scores.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/database_recorder.hpp"
#include "gmin/gmin_commands.hpp"
#include "gmin/gmin_keywords.hpp"
#include "gmin/gmin_system.hpp"
#include "gmin/restart_dump.hpp"

namespace landscape::gmin {
namespace {

constexpr const char* kUsage =
    "usage: gmin [data-file]   run basin-hopping in the current directory (default keyword file: data)\n"
    "       gmin --keywords    print the keyword reference (Markdown)\n"
    "       gmin --dataset NAME [SEED [NTRAIN [NTEST]]] [--mlp3]   write MLPdata and MLPdata.test\n"
    "                          (spiral, checkerboard or mislabelled iris) for a network run\n"
    "       gmin --isomers WEIGHTS [data-file]   list the isomers of a network minimum, their losses\n"
    "                          and pairwise distances\n"
    "       gmin --help | --version\n"
    "Inputs: data (keywords), coords (x y z per atom, or one weight a line with MLP3/MLPVB3 and\n"
    "MLPdata). Outputs: lowest, log on stdout;\n"
    "energy/markov/best with TRACKDATA; min.data and points.min with DATABASE; GMIN.dump every DUMPINT steps.\n";


/// Reorders atoms from the most to the least strongly bound (SORT).
void sort_atoms_by_binding(std::vector<double>& x, const LennardJones& lj) {
  const std::size_t n = x.size() / 3;
  std::vector<double> e(n);
  lj.atom_energies(x, e);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return e[a] < e[b]; });
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < n; ++i)
    for (int k = 0; k < 3; ++k) y[3 * i + k] = x[3 * order[i] + k];
  x = std::move(y);
}

/// Appends "step energy" lines to the TRACKDATA files.
class TrackData {
 public:
  TrackData(const std::filesystem::path& dir, bool append) {
    const auto mode = append ? std::ios::app : std::ios::trunc;
    energy_.open(dir / "energy", mode);
    markov_.open(dir / "markov", mode);
    best_.open(dir / "best", mode);
    if (!energy_ || !markov_ || !best_) throw RuntimeError("cannot open the TRACKDATA files energy/markov/best");
  }
  void record(const StepReport& r) {
    energy_ << fmt::format("{:10d} {:20.10f}\n", r.step, r.energy);
    markov_ << fmt::format("{:10d} {:20.10f}\n", r.step, r.markov_energy);
    best_ << fmt::format("{:10d} {:20.10f}\n", r.step, r.best_energy);
  }
  void flush() {
    energy_.flush();
    markov_.flush();
    best_.flush();
  }

 private:
  std::ofstream energy_, markov_, best_;
};

/// Cross-keyword rules and the files the keywords name, checked before anything runs.
void validate(const GminOptions& opt, const keywords::KeywordTable<GminOptions>::Result& parsed,
              const std::filesystem::path& dir, keywords::DiagnosticSink& sink) {
  if (opt.restore_file && !std::filesystem::exists(dir / *opt.restore_file))
    sink.cite(parsed, "RESTORE", fmt::format("dump file '{}' not found", *opt.restore_file));
}

int run(const CliRequest& cli, const std::filesystem::path& dir, Logger& log, std::FILE* err) {
  const auto& table = gmin_keyword_table();
  keywords::DiagnosticSink sink(cli.argument);
  auto in = keywords::read_keyword_input(table, dir, cli.argument, sink);
  if (!sink.empty()) return sink.report(err, "gmin");
  const GminOptions& opt = in->options;
  const auto& parsed = in->parsed;
  validate(opt, parsed, dir, sink);
  if (opt.avoid && !opt.new_restart)
    log.info("note: AVOID without NEWRESTART: the list is filled only by restarts, so it stays empty");
  GminSystem sys = make_gmin_system(opt, parsed, dir, sink);
  if (!sink.empty()) return sink.report(err, "gmin");
  const Potential& potential = sys.system.potential();

  log.info("{} gmin: basin-hopping", suite_version());
  keywords::log_keywords_in_effect(log, table, *in);
  if (sys.network)
    for (const char* k : {"CENTRE", "SORT", "RADIUS"})
      if (const auto* o = parsed.find(k); o && o->given())
        log.info("note: {} ({}:{}) has no effect on a network potential", k, in->file, o->line);
  log.info("potential: {}", sys.description);
  log.info("random-number seed (RANSEED): {}", opt.ranseed);

  BasinHopping bh(opt, potential, StepMove{sys.system.step_kind(), sys.cluster}, sys.radius, log,
                  sys.distance);
  std::unique_ptr<DatabaseRecorder> database;
  if (opt.database)
    database = std::make_unique<DatabaseRecorder>(
        dir, opt, potential, sys.system, log);
  auto report_network = [&](const std::string& what, std::span<const double> w) {
    if (!sys.network) return;
    const ClassificationScores train = classification_scores(*sys.network, w, sys.network->data());
    std::string line = fmt::format("{}: training AUC {:.6f} accuracy {:.6f}", what, train.auc, train.accuracy);
    if (sys.test_data) {
      const ClassificationScores test = classification_scores(*sys.network, w, *sys.test_data);
      line += fmt::format("; test AUC {:.6f} accuracy {:.6f}", test.auc, test.accuracy);
    }
    log.info("{}", line);
  };
  auto offer = [&](std::span<const double> x) {
    if (const std::size_t idx = database->offer(x)) {
      const MinimumRecord& rec = database->database()[idx - 1];
      log.info("database: minimum {} added, E={:.10f} lnprodfreq={:.6f}", idx, rec.energy, rec.lnprodfreq);
      report_network(fmt::format("database: minimum {}", idx), rec.coords);
    }
  };
  const bool restoring = opt.restore_file.has_value();
  if (restoring) {
    bh.restore(read_restart_dump(dir / *opt.restore_file, potential.n_dof()));
    log.info("restored from {} at step {}; continuing to step {}", *opt.restore_file, bh.state().step, opt.steps);
  } else {
    bh.start(sys.start);
    if (database) offer(bh.state().markov);
  }
  std::unique_ptr<TrackData> track;
  if (opt.track_data) track = std::make_unique<TrackData>(dir, restoring);

  ProgressDisplay progress(err);
  const auto t0 = std::chrono::steady_clock::now();
  const long long first_step = bh.state().step;
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  const StopReason reason = bh.run([&](const StepReport& r) {
    log.info("Qu {:8d} E={:20.10f} steps={:5d} RMS={:10.3e} Markov E={:20.10f} t={:10.2f}{}", r.step, r.energy,
             r.iterations, r.rms, r.markov_energy, elapsed(), r.accepted ? "" : " rejected");
    if (!r.note.empty()) log.info("{}", r.note);
    if (!r.adjustment.empty()) log.info("{}", r.adjustment);
    if (track) track->record(r);
    if (database && r.converged && !r.evaporated) offer(r.coords);
    if (r.step % opt.dump_interval == 0) {
      write_restart_dump(dir / "GMIN.dump", bh.state());
      if (track) track->flush();
    }
    const double t = elapsed();
    const double rate = static_cast<double>(r.step - first_step) / std::max(t, 1e-9);
    progress.update(fmt::format("step {}/{}  best {:.6f}  {:.0f} steps/s  {:.0f} s left", r.step, opt.steps,
                                r.best_energy, rate, static_cast<double>(opt.steps - r.step) / std::max(rate, 1e-9)));
  });
  progress.finish();
  if (track) track->flush();
  const BasinHoppingState end_state = bh.state();
  if (reason == StopReason::kTarget)
    log.info("target energy reached at step {}", end_state.step);
  std::vector<SavedMinimum> lowest = bh.final_lowest();
  for (auto& m : lowest)
    if (opt.sort && sys.cluster) sort_atoms_by_binding(m.coords, *sys.cluster);
  write_file_atomically(dir / "lowest", format_lowest(lowest, sys.cluster ? "SI" : ""));
  log.info("final quenches of the {} lowest minima (TIGHTCONV {:g}):", lowest.size(), opt.tight_conv);
  for (std::size_t i = 0; i < lowest.size(); ++i) {
    log.info("  {:3d} E={:20.10f} first found at step {} after {} function calls", i + 1, lowest[i].energy,
             lowest[i].first_step, lowest[i].function_calls);
    report_network(fmt::format("  lowest {}", i + 1), lowest[i].coords);
  }
  const double t = elapsed();
  log.info("{} steps, {} quenches, {} function calls, {} accepted, {} restarts in {:.2f} s ({:.0f} quenches/s)",
           end_state.step, end_state.quenches, end_state.function_calls, end_state.total_accepted,
           end_state.restarts, t, static_cast<double>(end_state.quenches) / std::max(t, 1e-9));
  if (database) {
    const auto& s = database->stats();
    log.info("database: {} minima ({} added this run; {} duplicates, {} not converged, {} not minima)",
             database->database().size(), s.added, s.duplicates, s.not_converged, s.not_minima);
  }
  log.info("lowest minima written to {}", (dir / "lowest").string());
  return kExitOk;
}

}  // namespace

int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err) {
  ProgramFrontEnd program;
  program.name = "gmin";
  program.default_argument = "data";
  program.usage = kUsage;
  program.reference = [] { return gmin_keyword_table().reference("gmin", "data", kGminReferenceIntro); };
  program.commands = {"--dataset", "--isomers"};
  program.command = [&](const CliRequest& cli) {
    return cli.command == "--dataset" ? write_dataset_command(cli.command_args, dir, out, err)
                                      : isomers_command(cli.command_args, dir, out, err);
  };
  return run_program_main(program, args, out, err,
                          [&](const CliRequest& cli, Logger& log) { return run(cli, dir, log, err); });
}

}  // namespace landscape::gmin
