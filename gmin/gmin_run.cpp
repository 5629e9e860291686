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
#include "common/io/byte_pack.hpp"
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
#include "gmin/walker_team.hpp"

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
  /// team: the walkers of a parallel run (nullptr when serial); opt is this walker's own
  /// (RANSEED + rank, its BHPT temperature).
  GminRun(const GminOptions& opt, const GminSystem& sys, const std::filesystem::path& dir,
          Logger& log, WalkerTeam* team)
      : opt_(opt),
        sys_(sys),
        dir_(dir),
        log_(log),
        team_(team),
        bh_(basin_hopping_options(opt), sys.system.potential(),
            StepMove{sys.system.step_kind(), sys.cluster}, sys.radius, log, sys.distance),
        exchange_rng_(opt.ranseed - static_cast<std::uint64_t>(team ? team->rank() : 0)) {
    if (opt.database)
      database_ = is_main() ? std::make_unique<DatabaseRecorder>(dir, opt, sys.system.potential(),
                                                                 sys.system, log)
                            : std::make_unique<DatabaseRecorder>(DatabaseRecorder::in_memory(
                                  opt, sys.system.potential(), sys.system, log));
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
    if (opt_.track_data && is_main()) track_ = std::make_unique<TrackData>(dir_, restoring);
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
      const bool interrupted = interrupt_signal() != 0;
      if (interrupted)
        log_.info("interrupted at step {}: the walk stops here and `lowest` is written", r.step);
      if (exchanging() && exchange_step(interrupted)) return ObserverAction::kStop;
      return interrupted ? ObserverAction::kStop : ObserverAction::kContinue;
    });
    if (exchanging()) drain_exchanges();
    progress.finish();
    if (track_) track_->flush();
    if (reason == StopReason::kTarget)
      log_.info("target energy reached at step {}", bh_.state().step);
    return reason;
  }

  /// Re-quenches the lowest minima, writes `lowest` and the summary.
  void finish() {
    std::vector<SavedMinimum> lowest = bh_.final_lowest();
    if (team_) {
      if (!is_main()) {
        team_->send_result({team_->rank(), lowest, summary()});
        log_.info("walker {}: {} minima of its SAVE list sent to rank 0, which writes `lowest`",
                  team_->rank(), lowest.size());
        return;
      }
      lowest = merge_walkers(std::move(lowest));
    }
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
          database_->size(), s.added, s.duplicates, s.not_converged, s.not_minima);
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
    if (team_ && is_main() && database_)
      team_->receive_minima([&](int rank, const MinimumRecord& m) { add_remote(rank, m); });
    if (r.step % opt_.dump_interval == 0 && is_main()) {
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

  /// Offers a quench minimum to DATABASE and logs it when it is new; a walker other than rank 0
  /// sends it to rank 0 instead.
  void offer(std::span<const double> x) {
    if (const std::size_t idx = database_->offer(x)) {
      const MinimumRecord& rec = (*database_)[idx - 1];
      if (!is_main()) {
        team_->send_minimum(rec);
        ++minima_sent_;
        log_.info("minimum E={:.10f} lnprodfreq={:.6f} sent to rank 0", rec.energy, rec.lnprodfreq);
        return;
      }
      log_.info("database: minimum {} added, E={:.10f} lnprodfreq={:.6f}", idx, rec.energy,
                rec.lnprodfreq);
      report_network(fmt::format("database: minimum {}", idx), rec.coords);
    }
  }

  /// Rank 0: a minimum screened by walker rank.
  void add_remote(int rank, const MinimumRecord& m) {
    if (m.coords.size() != sys_.system.n_dof())
      throw RuntimeError(fmt::format("walker {} sent a minimum of {} coordinates, not {}", rank,
                                     m.coords.size(), sys_.system.n_dof()));
    const auto t = std::chrono::steady_clock::now();
    const std::size_t idx = database_->add(m);
    merge_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    ++merged_;
    if (idx != 0) {
      log_.info("database: minimum {} added from walker {}, E={:.10f} lnprodfreq={:.6f}", idx, rank,
                m.energy, m.lnprodfreq);
      report_network(fmt::format("database: minimum {}", idx), m.coords);
    }
  }

  bool is_main() const { return team_ == nullptr || team_->rank() == 0; }
  bool exchanging() const { return team_ != nullptr && opt_.bhpt.has_value(); }

  /// This walker's figures for rank 0's summary.
  WalkerSummary summary() const {
    const BasinHoppingState end = bh_.state();
    WalkerSummary s;
    s.steps = end.step;
    s.quenches = end.quenches;
    s.function_calls = end.function_calls;
    s.accepted = end.total_accepted;
    s.restarts = end.restarts;
    s.minima_sent = minima_sent_;
    s.best_energy = end.best_energy;
    s.seconds = elapsed();
    s.temperature = opt_.temperature;
    return s;
  }

  /// Rank 0: gathers every walker's SAVE list (adding the minima still arriving) and merges them
  /// with its own; logs one line per walker.
  std::vector<SavedMinimum> merge_walkers(std::vector<SavedMinimum> own) {
    std::vector<WalkerResult> all = team_->gather_results([&](int rank, const MinimumRecord& m) {
      if (database_) add_remote(rank, m);
    });
    all.push_back({0, std::move(own), summary()});
    std::sort(all.begin(), all.end(),
              [](const WalkerResult& a, const WalkerResult& b) { return a.rank < b.rank; });
    log_.info("walkers (RANSEED + rank{}):", opt_.bhpt ? "; BHPT temperatures" : "");
    for (const WalkerResult& w : all) {
      const WalkerSummary& s = w.summary;
      log_.info(
          "  walker {:3d}: T={:.6g} {} steps, {} quenches, {} function calls, {} accepted, {} "
          "restarts, best {:.10f}, {} minima sent, {:.2f} s",
          w.rank, s.temperature, s.steps, s.quenches, s.function_calls, s.accepted, s.restarts,
          s.best_energy, w.rank == 0 ? 0 : s.minima_sent, s.seconds);
    }
    if (opt_.bhpt)
      log_.info("BHPT: {} exchanges attempted, {} accepted", exchanges_tried_, exchanges_accepted_);
    if (merged_ > 0)
      log_.info("rank 0 merged {} minima from the walkers in {:.3f} s ({:.1f} us each)", merged_,
                merge_seconds_, 1e6 * merge_seconds_ / static_cast<double>(merged_));
    return merge_lowest(std::move(all), static_cast<std::size_t>(opt_.save), opt_.ediff);
  }

  /// BHPT after a step: with probability exchprob (the same draws on every walker) the walkers
  /// meet, stop together if one of them must stop, and otherwise exchange the Markov states of
  /// one random pair of neighbours by the parallel-tempering rule. Returns true when the walk
  /// must stop here.
  bool exchange_step(bool stop) {
    if (exchange_rng_.uniform() >= opt_.bhpt->exchange_probability) return false;
    if (team_->all_max(stop ? 1 : 0) != 0) {
      stopped_together_ = true;
      return true;
    }
    const int k = team_->size();
    const std::vector<double> energies = team_->all_gather(bh_.state().markov_energy);
    const int i = static_cast<int>(exchange_rng_.below(static_cast<std::uint64_t>(k - 1)));
    const double u = exchange_rng_.uniform();
    const double ti = ladder_temperature(i, k, opt_.bhpt->t_min, opt_.bhpt->t_max);
    const double tj = ladder_temperature(i + 1, k, opt_.bhpt->t_min, opt_.bhpt->t_max);
    const double delta = (energies[i] - energies[i + 1]) * (1.0 / ti - 1.0 / tj);
    const bool accept = delta >= 0.0 || std::exp(delta) > u;
    ++exchanges_tried_;
    if (!accept) return false;
    ++exchanges_accepted_;
    const int me = team_->rank();
    if (me == i || me == i + 1) {
      const BasinHoppingState st = bh_.state();
      BytePacker p;
      p.put(st.markov_energy).put_doubles(st.markov);
      const std::string theirs = team_->swap_with(me == i ? i + 1 : i, p.bytes());
      ByteReader r(theirs);
      const double e = r.get<double>();
      bh_.set_markov(r.get_doubles(), e);
      log_.info("BHPT: Markov state exchanged with walker {} (E {:.10f} for {:.10f})",
                me == i ? i + 1 : i, e, st.markov_energy);
    }
    return false;
  }

  /// BHPT after this walker's walk ended early (TARGET, interrupt): goes on drawing the exchange
  /// decisions of the steps left and, at the first exchange step, tells the others to stop.
  void drain_exchanges() {
    if (stopped_together_) return;
    for (long long step = bh_.state().step + 1; step <= opt_.steps; ++step)
      if (exchange_rng_.uniform() < opt_.bhpt->exchange_probability) {
        team_->all_max(1);
        return;
      }
  }

  const GminOptions& opt_;
  const GminSystem& sys_;
  std::filesystem::path dir_;
  Logger& log_;
  WalkerTeam* team_;
  BasinHopping bh_;
  Rng exchange_rng_;  ///< BHPT's decisions: seeded with RANSEED on every walker
  std::unique_ptr<DatabaseRecorder> database_;
  std::unique_ptr<TrackData> track_;
  long long minima_sent_ = 0;
  long long merged_ = 0;      ///< rank 0: minima received from the walkers
  double merge_seconds_ = 0;  ///< rank 0: time spent adding them (identity check, append)
  long long exchanges_tried_ = 0, exchanges_accepted_ = 0;
  bool stopped_together_ = false;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

/// This walker's options: RANSEED + rank, and under BHPT its rung of the temperature ladder
/// (TEMPERATURE is replaced).
GminOptions walker_options(const GminOptions& opt, const WalkerTeam* team) {
  GminOptions w = opt;
  const int rank = team ? team->rank() : 0;
  const int size = team ? team->size() : 1;
  w.ranseed = opt.ranseed + static_cast<std::uint64_t>(rank);
  if (opt.bhpt) w.temperature = ladder_temperature(rank, size, opt.bhpt->t_min, opt.bhpt->t_max);
  return w;
}

int run(const CliRequest& cli, const std::filesystem::path& dir, Logger& log, std::FILE* err,
        WalkerTeam* team) {
  const auto& table = gmin_keyword_table();
  keywords::DiagnosticSink sink(cli.argument);
  auto in = keywords::read_keyword_input(table, dir, cli.argument, sink);
  if (!sink.empty()) return sink.report(err, "gmin");
  if (team && team->size() <= 1) team = nullptr;
  if (team && in->options.restore_file)
    sink.cite(in->parsed, "RESTORE",
              fmt::format("a parallel run ({} walkers) cannot continue from one dump: run RESTORE "
                          "with one process",
                          team->size()));
  const GminOptions opt = walker_options(in->options, team);
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
  if (team) {
    log.info(
        "walker {} of {} (mpirun): seed RANSEED + rank = {}{}; rank 0 writes {}`lowest`; the order "
        "of the database depends on when the walkers' minima reach rank 0",
        team->rank(), team->size(), opt.ranseed,
        opt.bhpt ? fmt::format(", BHPT temperature {:.6g}", opt.temperature) : "",
        opt.database ? "the database and " : "");
  } else {
    log.info("random-number seed (RANSEED): {}", opt.ranseed);
    if (opt.bhpt)
      log.warn("BHPT with one walker: there is nothing to exchange with; it runs at pttmin {:g}",
               opt.temperature);
    if (in->options.mpi)
      log.info("note: MPI: this run has one process; start it with mpirun -np K for K walkers");
  }

  GminRun job(opt, sys, dir, log, team);
  job.start();
  job.walk(err);
  job.finish();
  return kExitOk;
}

}  // namespace

int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err) {
  return run_gmin(args, dir, out, err, nullptr);
}

int run_gmin(const std::vector<std::string>& args, const std::filesystem::path& dir, std::FILE* out,
             std::FILE* err, WalkerTeam* team) {
  ProgramFrontEnd program =
      keywords::keyword_program("gmin", "data", kUsage, gmin_keyword_table(), kGminReferenceIntro);
  program.commands = {"--dataset", "--isomers"};
  program.command = [&](const CliRequest& cli) {
    return cli.command == "--dataset" ? write_dataset_command(cli.command_args, dir, out, err)
                                      : isomers_command(cli.command_args, dir, out, err);
  };
  return run_program_main(program, args, out, err, [&](const CliRequest& cli, Logger& log) {
    return run(cli, dir, log, err, team);
  });
}

}  // namespace landscape::gmin
