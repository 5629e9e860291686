#include "pathsample/pathsample_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "common/io/cli.hpp"
#include "common/io/database_lock.hpp"
#include "common/io/errors.hpp"
#include "common/io/logger.hpp"
#include "common/io/min_database.hpp"
#include "common/io/program_main.hpp"
#include "common/io/record_files.hpp"
#include "common/io/text_file.hpp"
#include "common/io/ts_database.hpp"
#include "common/keywords/program_start.hpp"
#include "pathsample/connection_campaign.hpp"
#include "pathsample/cv_plot.hpp"
#include "pathsample/database_building.hpp"
#include "pathsample/heat_capacity.hpp"
#include "pathsample/mlmin_select.hpp"
#include "pathsample/pathsample_keywords.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: pathsample [pathdata-file]   run what pathdata asks for in the current directory\n     "
    "  pathsample --keywords        print the keyword reference (Markdown)\n       pathsample "
    "--help | --version\nInputs: pathdata (keywords), the database min.data, ts.data, points.min, "
    "points.ts.\nDatabase steps (STARTFROMPATH, ADDPATH, MERGEDB) and campaigns (CYCLES, CPUS, "
    "EXEC, UNTRAP, ...)\nextend min.data, ts.data, points.min, points.ts, min.A, min.B and "
    "pairs.data.\nOutputs with CV: Cv.out, Cv.svg, Cv.png, Cv.peaks, min.plus.N and "
    "min.minus.N;\nwith "
    "MLMINSELECT: MLMINweights, MLMINselection, misclassification_vs_euclidean.png and .svg\n(and "
    "MISCLASSIFICATION's matrix file).\n";

/// points.ts against ts.data, read-only: a torn tail (a partial last record, one record too many)
/// is what a killed run leaves and is only reported; anything else is corruption.
std::string check_points_ts(const fs::path& dir, std::size_t n_ts, std::size_t n_dof) {
  const fs::path path = dir / "points.ts";
  if (!fs::exists(path)) return n_ts == 0 ? "" : "points.ts is missing";
  const std::uintmax_t size = fs::file_size(path);
  const std::uintmax_t record = n_dof * sizeof(double);
  const std::uintmax_t whole = size / record, partial = size % record;
  if (whole == n_ts && partial == 0) return "";
  if ((whole == n_ts && partial > 0) || (whole == n_ts + 1 && partial == 0))
    return fmt::format(
        "points.ts has a torn tail ({} bytes for {} records of {} doubles); the run that appends "
        "next repairs it",
        size, n_ts, n_dof);
  throw DatabaseError(
      fmt::format("points.ts holds {} records of {} doubles{} but ts.data has {} transition "
                  "states; the database is corrupt and nothing was changed",
                  whole, n_dof, partial ? fmt::format(" plus {} bytes", partial) : "", n_ts));
}

/// The files that STARTFROMPATH, ADDPATH, MERGEDB and a campaign read, before anything is opened or
/// created.
void validate_database_files(const PathsampleOptions& opt,
                             const keywords::KeywordTable<PathsampleOptions>::Result& parsed,
                             const fs::path& dir, keywords::DiagnosticSink& sink) {
  for (const auto& o : parsed.parsed.occurrences) {
    auto at = [&](std::string msg) { sink.at(o, std::move(msg)); };
    const std::string& name = o.spec->name;
    if (name == "STARTFROMPATH") {
      if (fs::exists(dir / "min.A"))
        at("min.A already exists and would be overwritten; remove min.A, min.B, min.data, ts.data, "
           "points.min and points.ts to start a new database, or use ADDPATH to add the path to "
           "this one");
      if (!fs::is_regular_file(dir / o.as_word(0)))
        at(fmt::format("{}: no such file", o.as_word(0)));
    } else if (name == "ADDPATH" && !fs::is_regular_file(dir / o.as_word(0))) {
      at(fmt::format("{}: no such file", o.as_word(0)));
    } else if (name == "MERGEDB") {
      if (!fs::is_directory(dir / o.as_word(0)))
        at(fmt::format("{}: no such directory", o.as_word(0)));
      else if (!fs::exists(dir / o.as_word(0) / "min.data"))
        at(fmt::format("{}: has no min.data", o.as_word(0)));
      else if (fs::equivalent(dir / o.as_word(0), dir))
        at(fmt::format("{} is this directory", o.as_word(0)));
    } else if (name == "CYCLES" && opt.campaign.cycles > 0 && !fs::exists(dir / "odata.connect")) {
      at(
          fmt::format("odata.connect: not found; a campaign needs this optim template (its "
                      "keywords, ending with {})",
                      opt.network ? "VARIABLES" : "POINTS"));
    }
  }
}

/// Cross-keyword rules and the files of the database steps, checked before anything is opened or
/// created.
void validate(const PathsampleOptions& opt,
              const keywords::KeywordTable<PathsampleOptions>::Result& parsed, const fs::path& dir,
              keywords::DiagnosticSink& sink) {
  if (!opt.network && opt.natoms == 0) sink.cite(parsed, "NATOMS", "required keyword missing");
  if (opt.network && opt.natoms != 0 &&
      opt.natoms != static_cast<long long>(opt.network->shape().n_weights()))
    sink.cite(parsed, "NATOMS",
              fmt::format("{} gives {} weights, NATOMS {}: they must agree (NATOMS counts the "
                          "weights of a network)",
                          opt.network->keyword, opt.network->shape().n_weights(), opt.natoms));
  if (opt.cv && !opt.network && opt.natoms > 0 && opt.natoms < 3)
    sink.cite(parsed, "NATOMS",
              fmt::format(
                  "the heat capacity of a cluster needs at least 3 atoms (kappa = 3N - 6), got {}",
                  opt.natoms));
  if (opt.campaign.cycles > 0 && opt.campaign.strategy == PairStrategy::kNone)
    sink.cite(parsed, "CYCLES",
              "a campaign needs a way of choosing pairs: UNTRAP, DIJINITSTART or CONNECTREGION "
              "(PATHSAMPLE's committor-based default comes with the rates)");
  if (opt.campaign.cycles > 0 && opt.campaign.exec.empty())
    sink.cite(
        parsed, "CYCLES",
        "needs EXEC, the optim program that runs the campaign's jobs (required keyword missing)");
  if (opt.no_points && (opt.start_from_path || !opt.add_paths.empty() || !opt.merge_dbs.empty() ||
                        opt.campaign.cycles > 0 || opt.extract_min || opt.extract_ts))
    sink.cite(parsed, "NOPOINTS",
              "STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN, EXTRACTTS and campaigns need the "
              "points files");
  validate_database_files(opt, parsed, dir, sink);
  if (opt.bulk && opt.network)
    sink.cite(parsed, "BULK",
              fmt::format("a network ({}) has no periodic box", opt.network->keyword));
  if (opt.bulk && opt.permdist && !fs::exists(dir / "perm.allow"))
    sink.cite(parsed, "PERMDIST",
              "with BULK, PERMDIST needs `perm.allow` with the groups of identical atoms (the A "
              "atoms and the B atoms of a binary system): without it every atom could be "
              "exchanged with every other");
  for (const char* k : {"MLMINSELECT", "MISCLASSIFICATION"}) {
    const auto* o = parsed.find(k);
    if (!o || !o->given()) continue;
    if (!opt.network)
      sink.at(*o, "needs a network database: MLP3 or MLPVB3 with its Ndata");
    else if (opt.network->n_data < 1)
      sink.at(*o, fmt::format("needs the training items the minima are compared on: give Ndata "
                              "in {}",
                              opt.network->keyword));
    else if (!fs::exists(dir / "MLPdata"))
      sink.at(*o, "MLPdata: file not found (the training data the minima are evaluated on)");
    if (opt.no_points) sink.at(*o, "needs points.min (the weights of the minima): remove NOPOINTS");
  }
  if (opt.select && opt.select->method == SelectionMethod::kCvPeak && !opt.cv)
    sink.cite(parsed, "MLMINSELECT", "CVPEAK needs CV Tmin Tmax Tinc (the peaks are found there)");
  if (!opt.cv)
    for (const auto& o : parsed.parsed.occurrences)
      if (o.spec->name == "CVDECODE" || o.spec->name == "CVFRACTION")
        sink.at(o, "needs CV Tmin Tmax Tinc");
}

/// STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN, EXTRACTTS and a campaign, in that order.
void build_or_extend(const PathsampleOptions& opt, const System& system,
                     const std::string& data_name, const fs::path& dir, Logger& log,
                     std::FILE* err) {
  const std::size_t n_dof = system.n_dof();
  const IdentitySettings identity = identity_settings(opt, system, dir);
  const DatabasePaths paths = read_database_paths(opt, data_name, dir, n_dof, identity.zero_modes);
  const DatabaseLock lock = DatabaseLock::acquire(dir, "pathsample");
  StationaryPointDatabase db = StationaryPointDatabase::open(dir, n_dof, identity);
  for (const auto& repair : db.repairs()) log.warn("repaired the database: {}", repair);
  log.info("database: {} minima, {} transition states; records of {} doubles", db.n_minima(),
           db.n_ts(), n_dof);
  log.info("identity: {}", db.metric().description());
  build_database(opt, paths, data_name, dir, db, log);
  if (opt.campaign.cycles > 0) run_campaign(opt, data_name, dir, db, log, err);
}

/// The database as this run reads it: min.data, ts.data (checked against it) and, unless
/// NOPOINTS, the sizes of the points files.
struct ReadDatabase {
  std::vector<MinimumRecord> minima;
  std::vector<TransitionStateRecord> ts;
};

ReadDatabase read_database(const PathsampleOptions& opt, std::size_t n_dof, const fs::path& dir,
                           Logger& log) {
  ReadDatabase db;
  if (!fs::exists(dir / "min.data")) {
    if (opt.cv) throw DatabaseError("min.data: not found; CV needs the minima");
    log.info("database: no min.data here yet");
    return db;
  }
  // A torn last line stops this run (InputError): it only reads, so it cannot repair it.
  db.minima = read_min_data(dir / "min.data", "min.data", MinDataColumns::kFull);
  if (fs::exists(dir / "ts.data"))
    db.ts = read_ts_data(dir / "ts.data", "ts.data", db.minima.size(), TsDataColumns::kFull);
  log.info("database: {} minima in min.data, {} transition states in ts.data", db.minima.size(),
           db.ts.size());
  if (!opt.no_points) {
    for (const auto& repair : check_min_database(dir, n_dof))
      log.warn("{} (not repaired: this run only reads the database)", repair);
    if (const std::string note = check_points_ts(dir, db.ts.size(), n_dof); !note.empty())
      log.warn("{}", note);
    log.info("points.min and points.ts: records of {} doubles, consistent with the .data files",
             n_dof);
  }
  return db;
}

/// A temperature whose occupation changes are decoded into minima: a C_V peak or a CVDECODE one.
struct DecodedTemperature {
  std::string kind;
  double temperature;
};

/// Writes min.plus.N and min.minus.N for each decoded temperature, Cv.peaks, and logs how to
/// colour them in disconnect; returns the marks of the plot.
std::vector<PlotMark> decode_temperatures(const PathsampleOptions& opt,
                                          const HarmonicSuperposition& hsa,
                                          const std::vector<HeatCapacityPoint>& cv,
                                          const std::vector<MinimumRecord>& minima,
                                          const fs::path& dir, Logger& log) {
  std::vector<DecodedTemperature> decoded;
  const auto peaks = find_peaks(cv);
  decoded.reserve(peaks.size() + opt.cv_decode.size());
  for (const auto& p : peaks) decoded.push_back({"peak", p.temperature});
  for (double t : opt.cv_decode) decoded.push_back({"CVDECODE", t});
  if (peaks.empty())
    log.info("C_V has no peak between {:g} and {:g}", cv.front().temperature,
             cv.back().temperature);
  for (const auto& s : find_shoulders(cv))
    log.info(
        "C_V has a shoulder at T = {:.8g} (C_V = {:.6f}): a transition hidden by a nearby peak, "
        "not "
        "decoded (CVDECODE {:.6g} decodes it)",
        s.temperature, s.cv, s.temperature);
  std::string summary = fmt::format(
      "# C_V decoded (CVFRACTION {:g}): N, what, T, C_V at the nearest grid point, minima in "
      "min.plus.N and min.minus.N, sum of |dP/dT|\n",
      opt.cv_fraction);
  std::vector<PlotMark> marks;
  for (std::size_t k = 0; k < decoded.size(); ++k) {
    const DecodedTemperature& d = decoded[k];
    const OccupationChange change = hsa.occupation_change(d.temperature, opt.cv_fraction);
    auto write_list = [&](const std::vector<std::size_t>& list, const std::string& name) {
      std::string text;
      for (std::size_t a : list)
        text +=
            fmt::format("{:8d} {:>24.15e} {:>24.12f}\n", a + 1, change.dp_dt[a], minima[a].energy);
      write_file_atomically(dir / name, text);
    };
    const std::string n = std::to_string(k + 1);
    write_list(change.plus, "min.plus." + n);
    write_list(change.minus, "min.minus." + n);
    std::size_t nearest = 0;
    for (std::size_t i = 1; i < cv.size(); ++i)
      if (std::fabs(cv[i].temperature - d.temperature) <
          std::fabs(cv[nearest].temperature - d.temperature))
        nearest = i;
    summary += fmt::format("{:3d} {:9} {:>18.12g} {:>20.10f} {:8d} {:8d} {:>20.12e}\n", k + 1,
                           d.kind, d.temperature, cv[nearest].cv, change.plus.size(),
                           change.minus.size(), change.sum_abs);
    log.info(
        "{} {}: T = {:.8g}, C_V = {:.6f}: {} minima rise (min.plus.{}), {} fall (min.minus.{})",
        d.kind, k + 1, d.temperature, cv[nearest].cv, change.plus.size(), n, change.minus.size(),
        n);
    if (!change.plus.empty() && !change.minus.empty())
      log.info("  for disconnect: TRMIN 2 {} min.minus.{} min.plus.{} and CHOOSECOLOURS in dinfo",
               minima.size(), n, n);
    marks.push_back({d.temperature, fmt::format("{}: T = {:.4g}", k + 1, d.temperature)});
  }
  write_file_atomically(dir / "Cv.peaks", summary);
  return marks;
}

/// The heat capacity of a run and what its plot marks.
struct HeatCapacityRun {
  std::optional<HarmonicSuperposition> hsa;
  std::vector<HeatCapacityPoint> cv;
  std::vector<PlotMark> marks;
};

/// CV: the heat capacity by the harmonic superposition approximation (Cv.out, Cv.peaks, the
/// min.plus and min.minus lists); plotted by plot_heat_capacity_files.
HeatCapacityRun heat_capacity(const PathsampleOptions& opt, const System& system,
                              const std::vector<MinimumRecord>& minima, const fs::path& dir,
                              Logger& log) {
  // The vibrational degrees of freedom: 3N - 6 for a cluster, every weight for a network.
  const double kappa = static_cast<double>(system.n_dof() - system.n_zero_modes());
  if (minima.empty()) throw DatabaseError("min.data: no minima; CV needs at least one");
  std::vector<double> energies, ln_weights;
  energies.reserve(minima.size());
  ln_weights.reserve(minima.size());
  for (const auto& m : minima) {
    energies.push_back(m.energy);
    ln_weights.push_back(HarmonicSuperposition::ln_weight(m.lnprodfreq, m.pgorder));
  }
  const auto t0 = std::chrono::steady_clock::now();
  const HarmonicSuperposition hsa(std::move(energies), std::move(ln_weights), kappa);
  const std::vector<double> grid = temperature_grid(opt.cv->t_min, opt.cv->t_max, opt.cv->t_inc);
  const std::vector<HeatCapacityPoint> cv = hsa.heat_capacity(grid);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.info(
      "heat capacity: {} minima, kappa = {:g} ({}), {} temperatures from {:g} to {:g} in {:.3f} s",
      hsa.size(), kappa, opt.network ? "the number of weights" : "3 NATOMS - 6", grid.size(),
      grid.front(), grid.back(), seconds);
  std::string cv_text;
  cv_text.reserve(grid.size() * 44);
  for (const auto& p : cv) cv_text += fmt::format("{:>18.12g} {:>24.16e}\n", p.temperature, p.cv);
  write_file_atomically(dir / "Cv.out", cv_text);

  HeatCapacityRun run;
  run.marks = decode_temperatures(opt, hsa, cv, minima, dir, log);
  run.hsa.emplace(hsa);
  run.cv = cv;
  return run;
}

/// Cv.svg and Cv.png.
void plot_heat_capacity_files(const HeatCapacityRun& run, const fs::path& dir, Logger& log) {
  const Figure fig = plot_heat_capacity(
      run.cv, run.marks,
      fmt::format("Heat capacity, harmonic superposition: {} minima, kappa = {:g}", run.hsa->size(),
                  run.hsa->kappa()));
  fig.write(dir / "Cv.svg", FigureFormat::kSvg);
  fig.write(dir / "Cv.png", FigureFormat::kPng);
  log.info("wrote Cv.out, Cv.peaks, Cv.svg and Cv.png");
}

int run(const CliRequest& cli, const fs::path& dir, Logger& log, std::FILE* err) {
  const auto& table = pathsample_keyword_table();
  keywords::DiagnosticSink sink(cli.argument);
  auto in = keywords::read_keyword_input(table, dir, cli.argument, sink);
  if (!sink.empty()) return sink.report(err, "pathsample");
  const PathsampleOptions& opt = in->options;
  validate(opt, in->parsed, dir, sink);
  if (!sink.empty()) return sink.report(err, "pathsample");

  log.info("{} pathsample: stationary-point database", suite_version());
  keywords::log_keywords_in_effect(log, table, *in);
  const System system = pathsample_system(opt);
  log.info("system: {}", system.description());
  check_system_size(dir, {&min_data_kind(), &ts_data_kind()}, system.n_dof(),
                    system.atoms() ? 3 : 1, system.size_statement());

  const bool builds = opt.start_from_path || !opt.add_paths.empty() || !opt.merge_dbs.empty() ||
                      opt.extract_min || opt.extract_ts || opt.campaign.cycles > 0;
  if (builds) {
    build_or_extend(opt, system, in->file, dir, log, err);
    if (!opt.cv && !opt.select && !opt.misclassification_file) return kExitOk;
  }
  const bool selects = opt.select || opt.misclassification_file;
  const ReadDatabase db = read_database(opt, system.n_dof(), dir, log);
  if (!opt.cv && !selects) {
    log.info(
        "nothing to compute: no STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN, EXTRACTTS, CYCLES, "
        "CV or MLMINSELECT");
    return kExitOk;
  }
  std::optional<HeatCapacityRun> cv;
  if (opt.cv) cv = heat_capacity(opt, system, db.minima, dir, log);
  if (selects) {
    const std::string where = fmt::format("{}:{}: MLMINSELECT", in->file, opt.select_line);
    std::optional<double> temperature;
    if (opt.select && opt.select->method == SelectionMethod::kCvPeak) {
      temperature = selection_temperature(*opt.select, cv->cv, where);
      cv->marks.push_back({*temperature, fmt::format("MLMINSELECT: T = {:.4g}", *temperature)});
    }
    run_minima_selection(opt, where, cv ? &*cv->hsa : nullptr, temperature, dir, log);
  }
  if (cv) plot_heat_capacity_files(*cv, dir, log);
  return kExitOk;
}

}  // namespace

int run_pathsample(const std::vector<std::string>& args, const fs::path& dir, std::FILE* out,
                   std::FILE* err) {
  const ProgramFrontEnd program = keywords::keyword_program(
      "pathsample", "pathdata", kUsage, pathsample_keyword_table(), kPathsampleReferenceIntro);
  return run_program_main(program, args, out, err, [&](const CliRequest& cli, Logger& log) {
    return run(cli, dir, log, err);
  });
}

}  // namespace landscape::pathsample
