#include "gmin/gmin_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <numbers>
#include <numeric>
#include <sstream>

#include "common/geometry/cluster_geometry.hpp"
#include "common/io/cli.hpp"
#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/io/interrupt.hpp"
#include "common/io/logger.hpp"
#include "common/io/program_main.hpp"
#include "common/io/progress_display.hpp"
#include "common/io/text_file.hpp"
#include "common/keywords/program_start.hpp"
#include "common/ml/classification_scores.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/database_recorder.hpp"
#include "gmin/gmin_commands.hpp"
#include "gmin/gmin_keywords.hpp"
#include "gmin/gmin_system.hpp"
#include "gmin/mlsup_step.hpp"
#include "gmin/restart_dump.hpp"

namespace landscape::gmin {
namespace {

constexpr const char* kUsage =
    "usage: gmin [data-file]   run basin-hopping in the current directory (default keyword file: "
    "data)\n       gmin --keywords    print the keyword reference (Markdown)\n       gmin "
    "--dataset NAME [SEED [NTRAIN [NTEST]]] [--mlp3] [--force]   write MLPdata and\n            "
    "              MLPdata.test (spiral, checkerboard or mislabelled iris) for a network run;\n "
    "                         --force: replace them even where min.data holds minima\n       gmin "
    "--isomers WEIGHTS [data-file]   list the isomers of a network minimum, their losses\n         "
    "                 and pairwise distances\n       gmin --help | --version\nInputs: data "
    "(keywords), coords (x y z per atom, or one weight a line with MLP3/MLPVB3 and\nMLPdata). "
    "Outputs: lowest, log on stdout;\nenergy/markov/best with TRACKDATA; min.data and points.min "
    "with DATABASE; GMIN.dump every DUMPINT steps.\n";

/// Reorders atoms from the most to the least strongly bound (SORT).
void sort_atoms_by_binding(std::vector<double>& x, const LennardJones& lj) {
  const std::size_t n = x.size() / 3;
  std::vector<double> e(n);
  lj.atom_energies(x, e);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return e[a] < e[b]; });
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
    if (!energy_ || !markov_ || !best_)
      throw RuntimeError("cannot open the TRACKDATA files energy/markov/best");
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

/// One basin-hopping run once its input has been read and checked: the walk, the DATABASE and
/// TRACKDATA records, the restart dumps and the final quenches of the lowest minima.
class GminRun {
 public:
  GminRun(const GminOptions& opt, const GminSystem& sys, const std::filesystem::path& dir,
          Logger& log)
      : opt_(opt),
        sys_(sys),
        dir_(dir),
        log_(log),
        bh_(basin_hopping_options(opt), sys.system.potential(),
            StepMove{sys.system.step_kind(), sys.cluster}, sys.radius, log, sys.distance) {
    if (opt.database)
      database_ =
          std::make_unique<DatabaseRecorder>(dir, opt, sys.system.potential(), sys.system, log);
  }

  /// Quenches the start point or restores a RESTORE dump.
  void start() {
    const bool restoring = opt_.restore_file.has_value();
    if (restoring) {
      bh_.restore(read_restart_dump(dir_ / *opt_.restore_file, sys_.system.n_dof()));
      log_.info("restored from {} at step {}; continuing to step {}", *opt_.restore_file,
                bh_.state().step, opt_.steps);
    } else {
      bh_.start(sys_.start);
      if (database_) offer(bh_.state().markov);
    }
    if (opt_.track_data) track_ = std::make_unique<TrackData>(dir_, restoring);
  }

  /// The walk, with a progress line on err when it is a terminal.
  StopReason walk(std::FILE* err) {
    ProgressDisplay progress(err);
    const long long first_step = bh_.state().step;
    const StopReason reason = bh_.run([&](const StepReport& r) {
      record(r);
      const double rate = static_cast<double>(r.step - first_step) / std::max(elapsed(), 1e-9);
      progress.update(fmt::format("step {}/{}  best {:.6f}  {:.0f} steps/s  {:.0f} s left", r.step,
                                  opt_.steps, r.best_energy, rate,
                                  static_cast<double>(opt_.steps - r.step) / std::max(rate, 1e-9)));
      if (interrupt_signal() != 0) {
        log_.info("interrupted at step {}: the walk stops here and `lowest` is written", r.step);
        return ObserverAction::kStop;
      }
      return ObserverAction::kContinue;
    });
    progress.finish();
    if (track_) track_->flush();
    if (reason == StopReason::kTarget)
      log_.info("target energy reached at step {}", bh_.state().step);
    return reason;
  }

  /// Re-quenches the lowest minima, writes `lowest` and the summary.
  void finish() {
    std::vector<SavedMinimum> lowest = bh_.final_lowest();
    for (auto& m : lowest)
      if (opt_.sort && sys_.cluster) sort_atoms_by_binding(m.coords, *sys_.cluster);
    write_file_atomically(dir_ / "lowest", format_lowest(lowest, sys_.cluster             ? "SI"
                                                                 : sys_.system.periodic() ? "LS"
                                                                                          : ""));
    log_.info("final quenches of the {} lowest minima (TIGHTCONV {:g}):", lowest.size(),
              opt_.tight_conv);
    for (std::size_t i = 0; i < lowest.size(); ++i) {
      log_.info("  {:3d} E={:20.10f} first found at step {} after {} function calls", i + 1,
                lowest[i].energy, lowest[i].first_step, lowest[i].function_calls);
      report_network(fmt::format("  lowest {}", i + 1), lowest[i].coords);
    }
    const BasinHoppingState end = bh_.state();
    const double t = elapsed();
    log_.info(
        "{} steps, {} quenches, {} function calls, {} accepted, {} restarts in {:.2f} s ({:.0f} "
        "quenches/s)",
        end.step, end.quenches, end.function_calls, end.total_accepted, end.restarts, t,
        static_cast<double>(end.quenches) / std::max(t, 1e-9));
    if (database_) {
      const auto& s = database_->stats();
      log_.info(
          "database: {} minima ({} added this run; {} duplicates, {} not converged, {} not minima)",
          database_->database().size(), s.added, s.duplicates, s.not_converged, s.not_minima);
    }
    log_.info("lowest minima written to {}", (dir_ / "lowest").string());
    if (sys_.mlsup && !lowest.empty())
      write_mlsup_results(sys_, lowest.front().coords, lowest.front().energy, dir_, log_);
  }

 private:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }

  /// The log line, TRACKDATA, DATABASE and the restart dump of one step.
  void record(const StepReport& r) {
    log_.info("Qu {:8d} E={:20.10f} steps={:5d} RMS={:10.3e} Markov E={:20.10f} t={:10.2f}{}",
              r.step, r.energy, r.iterations, r.rms, r.markov_energy, elapsed(),
              r.accepted ? "" : " rejected");
    if (!r.note.empty()) log_.info("{}", r.note);
    if (!r.adjustment.empty()) log_.info("{}", r.adjustment);
    if (track_) track_->record(r);
    if (database_ && r.converged && !r.evaporated) offer(r.coords);
    if (r.step % opt_.dump_interval == 0) {
      write_restart_dump(dir_ / "GMIN.dump", bh_.state());
      if (track_) track_->flush();
    }
  }

  /// Training (and MLPTESTDATA test) AUC and accuracy of network weights w.
  void report_network(const std::string& what, std::span<const double> w) const {
    if (!sys_.network || sys_.mlsup) return;  // MLSUP reports its own figures at the end
    const ClassificationScores train =
        classification_scores(*sys_.network, w, sys_.network->data());
    std::string line =
        fmt::format("{}: training AUC {:.6f} accuracy {:.6f}", what, train.auc, train.accuracy);
    if (sys_.test_data) {
      const ClassificationScores test = classification_scores(*sys_.network, w, *sys_.test_data);
      line += fmt::format("; test AUC {:.6f} accuracy {:.6f}", test.auc, test.accuracy);
    }
    log_.info("{}", line);
  }

  /// Offers a quench minimum to DATABASE and logs it when it is new.
  void offer(std::span<const double> x) {
    if (const std::size_t idx = database_->offer(x)) {
      const MinimumRecord& rec = database_->database()[idx - 1];
      log_.info("database: minimum {} added, E={:.10f} lnprodfreq={:.6f}", idx, rec.energy,
                rec.lnprodfreq);
      report_network(fmt::format("database: minimum {}", idx), rec.coords);
    }
  }

  const GminOptions& opt_;
  const GminSystem& sys_;
  std::filesystem::path dir_;
  Logger& log_;
  BasinHopping bh_;
  std::unique_ptr<DatabaseRecorder> database_;
  std::unique_ptr<TrackData> track_;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

int run(const CliRequest& cli, const std::filesystem::path& dir, Logger& log, std::FILE* err) {
  const auto& table = gmin_keyword_table();
  keywords::DiagnosticSink sink(cli.argument);
  auto in = keywords::read_keyword_input(table, dir, cli.argument, sink);
  if (!sink.empty()) return sink.report(err, "gmin");
  const GminOptions& opt = in->options;
  validate(opt, in->parsed, dir, sink);
  if (opt.avoid && !opt.new_restart)
    log.info(
        "note: AVOID without NEWRESTART: the list is filled only by restarts, so it stays empty");
  const GminSystem sys = make_gmin_system(opt, in->parsed, dir, sink);
  if (!sink.empty()) return sink.report(err, "gmin");

  log.info("{} gmin: basin-hopping", suite_version());
  keywords::log_keywords_in_effect(log, table, *in);
  if (sys.network || sys.system.periodic())
    for (const char* k : {"CENTRE", "SORT", "RADIUS"})
      if (const auto* o = in->parsed.find(k); o && o->given())
        log.info("note: {} ({}:{}) has no effect on a {}", k, in->file, o->line,
                 sys.network ? "network potential" : "periodic system");
  if (sys.network)
    if (const auto* o = in->parsed.find("EDIFF"); !o || !o->given())
      log.warn(
          "EDIFF is GMIN's default {:g}, made for cluster energies: network minima whose losses "
          "differ by less count as one in SAVE and `lowest` (give EDIFF, e.g. 1.0D-7)",
          opt.ediff);
  log.info("potential: {}", sys.description);
  log.info("random-number seed (RANSEED): {}", opt.ranseed);

  GminRun job(opt, sys, dir, log);
  job.start();
  job.walk(err);
  job.finish();
  return kExitOk;
}

}  // namespace

int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err) {
  ProgramFrontEnd program =
      keywords::keyword_program("gmin", "data", kUsage, gmin_keyword_table(), kGminReferenceIntro);
  program.commands = {"--dataset", "--isomers"};
  program.command = [&](const CliRequest& cli) {
    return cli.command == "--dataset" ? write_dataset_command(cli.command_args, dir, out, err)
                                      : isomers_command(cli.command_args, dir, out, err);
  };
  return run_program_main(program, args, out, err, [&](const CliRequest& cli, Logger& log) {
    return run(cli, dir, log, err);
  });
}

}  // namespace landscape::gmin
