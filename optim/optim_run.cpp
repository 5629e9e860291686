#include "optim/optim_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "common/geometry/cluster_geometry.hpp"
#include "common/io/cli.hpp"
#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/logger.hpp"
#include "common/io/program_main.hpp"
#include "common/keywords/program_start.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/perm_allow.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/landscape/system.hpp"
#include "common/linalg/vector_ops.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "common/random/rng.hpp"
#include "optim/characterisation.hpp"
#include "optim/counting_potential.hpp"
#include "optim/dneb.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/new_connect.hpp"
#include "optim/optim_keywords.hpp"
#include "optim/path_tracer.hpp"
#include "optim/pathway.hpp"
#include "optim/surface_picture.hpp"
#include "optim/ts_refinement.hpp"

namespace landscape::optim {
namespace {

constexpr const char* kUsage =
    "usage: optim [N]          run the job of odata (odata.N, finish.N, path.info.N with a suffix "
    "N)\n       optim --keywords   print the keyword reference (Markdown)\n       optim --help | "
    "--version\nInputs: odata (keywords, then the coordinates after POINTS or VARIABLES), finish "
    "(second end\npoint of NEWNEB and NEWCONNECT). Outputs: log on stdout; path.info "
    "(DUMPALLPATHS, DUMPPATH),\nEofS and path.xyz (PATH), min.data.info (DUMPDATA);\non a surface "
    "of two variables "
    "(MUELLERBROWN) also surface_path.png and .svg.\n";

/// File names of one job: odata, finish, path.info, ... with the suffix .N of `optim N`.
struct FileNames {
  std::string suffix;
  std::string operator()(const std::string& base) const {
    return suffix.empty() ? base : base + "." + suffix;
  }
};

void write_file(const std::filesystem::path& path, const std::string& text) {
  write_text_file(path, text);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream is(line.substr(0, line.find('!')));
  std::string tok;
  while (is >> tok) out.push_back(tok);
  return out;
}

/// The input of the run: its system (made by the shared factory) and the coordinates read from
/// odata and finish.
struct OptimInput {
  System system;
  bool atoms = true;
  std::string symbol;                         ///< atom label of the POINTS lines
  std::vector<double> start;                  ///< odata coordinates
  std::optional<std::vector<double>> finish;  ///< finish coordinates (NEWNEB)
  std::optional<std::vector<std::vector<std::size_t>>> perm_groups;  ///< perm.allow (PERMDIST)
  /// BINARY with the box and cut-off of PARAMS (the periodic binary Lennard-Jones).
  std::optional<BinaryLjParameters> binary;
};

/// What the keywords ask optim to do.
enum class Job { kConnect, kDoubleEnded, kTransitionState, kMinimisation, kAnalysis };

Job job_of(const OptimOptions& o) {
  if (o.newconnect) return Job::kConnect;
  if (o.newneb) return Job::kDoubleEnded;
  if (o.bfgsts_given || o.path) return Job::kTransitionState;
  if (o.steps == 0 && !o.bfgsmin_given && !o.bfgs_steps) return Job::kAnalysis;
  return Job::kMinimisation;
}

/// The coordinates after POINTS (atoms: `SYM x y z` a line) or VARIABLES (one value a line).
void read_coordinates(const keywords::ParsedFile& parsed, OptimInput& in,
                      keywords::DiagnosticSink& problems) {
  const char* keyword = in.atoms ? "POINTS" : "VARIABLES";
  const std::size_t n_fields = in.atoms ? 4 : 1;
  const std::size_t first_value = in.atoms ? 1 : 0;
  const auto& lines = parsed.data_lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = parsed.data_first_line + static_cast<int>(i);
    const auto f = split(lines[i]);
    if (f.empty()) continue;
    if (f.size() != n_fields) {
      problems.at(line_no, keyword,
                  in.atoms ? fmt::format("expected `SYM x y z`, got {} field{}", f.size(),
                                         f.size() == 1 ? "" : "s")
                           : fmt::format("expected one value a line, got {}", f.size()),
                  lines[i]);
      continue;
    }
    if (in.atoms && in.symbol.empty()) in.symbol = f[0];
    for (std::size_t c = first_value; c < n_fields; ++c) {
      const std::optional<double> v = parse_fortran_real(f[c]);
      if (!v) {
        problems.at(line_no, keyword,
                    in.atoms ? fmt::format("coordinate {} of the atom: expected a real number, "
                                           "got '{}'",
                                           "xyz"[c - 1], f[c])
                             : fmt::format("expected a real number, got '{}'", f[c]),
                    lines[i]);
        break;
      }
      in.start.push_back(*v);
    }
  }
}

/// The periodic binary Lennard-Jones of BINARY, PARAMS and BULK (atoms of type LS), checked
/// against the atoms read into in.binary; every problem cites its keyword's line.
void read_bulk_keywords(const OptimOptions& opt,
                        const keywords::KeywordTable<OptimOptions>::Result& parsed, OptimInput& in,
                        keywords::DiagnosticSink& problems) {
  const auto line_of = [&](const char* k) {
    const keywords::Occurrence* o = parsed.find(k);
    return o ? o->line : 0;
  };
  if (!opt.binary) {
    for (const char* k : {"PARAMS", "BULK"})
      if (const int line = line_of(k))
        problems.at(line, k,
                    fmt::format("{} belongs to BINARY (the periodic binary Lennard-Jones of LS "
                                "atoms, the only periodic potential here): give BINARY too",
                                k));
    std::string symbol = in.symbol;
    for (char& c : symbol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (in.atoms && symbol == "LS" && problems.empty())
      problems.at(line_of("POINTS"), "POINTS",
                  "atoms of type LS are the periodic binary Lennard-Jones: give BINARY and PARAMS");
    return;
  }
  if (!opt.params) {
    problems.at(line_of("BINARY"), "BINARY",
                "needs PARAMS Lx Ly Lz cutoff (the box lengths and the cut-off)");
    return;
  }
  if (!in.atoms || in.start.empty()) return;  // make_input_system says what is wrong
  BinaryLjParameters p = *opt.binary;
  p.box = {(*opt.params)[0], (*opt.params)[1], (*opt.params)[2]};
  p.cutoff = (*opt.params)[3];
  const std::size_t n_atoms = in.start.size() / 3;
  if (opt.bulk_box && *opt.bulk_box != p.box)
    problems.at(
        line_of("BULK"), "BULK",
        fmt::format("box lengths {:g} {:g} {:g} differ from those of PARAMS, {:g} {:g} {:g}",
                    (*opt.bulk_box)[0], (*opt.bulk_box)[1], (*opt.bulk_box)[2], p.box[0], p.box[1],
                    p.box[2]));
  if (p.n_a > n_atoms)
    problems.at(line_of("BINARY"), "BINARY",
                fmt::format("ntypea {} is more than the {} atoms after POINTS", p.n_a, n_atoms));
  else if (const std::string why = p.problem(n_atoms); !why.empty())
    problems.at(line_of("PARAMS"), "PARAMS", why);
  in.binary = p;
}

/// The system of the coordinates read: the potential named in odata (the table's name; LJ when
/// none is), checked against where its coordinates were given and how many there are.
void make_input_system(const OptimOptions& opt, const keywords::Occurrence& coordinates,
                       const std::filesystem::path& mlp_data_path, OptimInput& in,
                       keywords::DiagnosticSink& problems) {
  const std::string keyword = coordinates.spec->name;
  const PotentialEntry& entry = *find_potential(opt.potential);  // set from the keyword table
  const bool atom_kind = entry.kind == SystemKind::kCluster || entry.kind == SystemKind::kBulk;
  if (in.atoms && !atom_kind) {
    problems.at(coordinates.line, keyword,
                fmt::format("{} is not a cluster of atoms: give its {} after VARIABLES", entry.name,
                            entry.kind == SystemKind::kNetwork ? "weights" : "x and y"));
    return;
  }
  if (!in.atoms && atom_kind) {
    problems.at(coordinates.line, keyword,
                entry.kind == SystemKind::kBulk
                    ? std::string("BINARY is a system of atoms: give them after POINTS, one `LS x "
                                  "y z` a line")
                    : std::string("no potential for the variables: name one before VARIABLES "
                                  "(MUELLERBROWN, MLP3, MLPVB3)"));
    return;
  }
  if (in.atoms && in.start.empty()) {
    if (problems.empty()) problems.at(coordinates.line, keyword, "no atoms follow POINTS");
    return;
  }
  if (!problems.empty()) return;
  SystemRequest request;
  request.potential = opt.potential;
  request.n_coordinates = in.start.size();
  request.mlp = opt.mlp;
  request.mlp_data = mlp_data_path;
  request.binary = in.binary;
  request.with_potential = false;
  const System sized = make_system(request);
  if (sized.n_dof() != in.start.size()) {
    problems.at(coordinates.line, keyword,
                fmt::format("{}, got {} values", sized.size_statement(), in.start.size()));
  }
  if (entry.kind == SystemKind::kNetwork && !std::filesystem::exists(mlp_data_path)) {
    problems.in_file(mlp_data_path.filename().string(),
                     fmt::format("file not found ({} reads its data set from it)", entry.name));
  }
  if (!problems.empty()) return;
  request.with_potential = true;
  try {
    in.system = make_system(request);
  } catch (const InputError& e) {
    problems.message(e.what());
  }
}

/// The second end point (finish) of NEWNEB and NEWCONNECT, in odata's layout.
void read_finish(const OptimOptions& opt, const std::filesystem::path& finish_path, OptimInput& in,
                 keywords::DiagnosticSink& problems) {
  const std::string finish_name = finish_path.filename().string();
  if (!std::filesystem::exists(finish_path)) {
    problems.in_file(finish_name, fmt::format("file not found ({} needs the second end point)",
                                              opt.newconnect ? "NEWCONNECT" : "NEWNEB"));
    return;
  }
  try {
    std::vector<double> f = read_coords_file(finish_path, in.atoms ? 3 : 1);
    if (f.size() != in.start.size()) {
      const std::string what = in.atoms ? fmt::format("{} atoms, x y z a line", in.start.size() / 3)
                                        : fmt::format("{} values, one a line", in.start.size());
      problems.in_file(finish_name, fmt::format("expected {} coordinates ({}) as in {}, got {}",
                                                in.start.size(), what, problems.file(), f.size()));
    } else {
      in.finish = std::move(f);
    }
  } catch (const InputError& e) {
    problems.message(e.what());
  }
}

/// Reads the coordinates after POINTS or VARIABLES, makes the system and reads the finish file;
/// every problem becomes a diagnostic.
OptimInput read_input(const OptimOptions& opt,
                      const keywords::KeywordTable<OptimOptions>::Result& parsed,
                      const std::string& odata_name, const std::filesystem::path& finish_path,
                      const std::filesystem::path& mlp_data_path,
                      keywords::DiagnosticSink& problems) {
  OptimInput in;
  std::vector<const keywords::Occurrence*> potentials;
  for (const char* name : {"MUELLERBROWN", "MLP3", "MLPVB3"})
    if (const auto* o = parsed.find(name)) potentials.push_back(o);
  if (potentials.size() > 1)
    problems.at(potentials[1]->line, potentials[1]->spec->name,
                fmt::format("a second potential: {} was named at {}:{}", potentials[0]->spec->name,
                            odata_name, potentials[0]->line));
  const keywords::Occurrence* points = parsed.find("POINTS");
  const keywords::Occurrence* coordinates = points ? points : parsed.find("VARIABLES");
  if (!coordinates) {
    problems.at(
        0, "POINTS",
        "required keyword missing (the coordinates follow POINTS, one atom `SYM x y z` a line, or "
        "VARIABLES, one value a line)");
    return in;
  }
  in.atoms = points != nullptr;
  read_coordinates(parsed.parsed, in, problems);
  read_bulk_keywords(opt, parsed, in, problems);
  make_input_system(opt, *coordinates, mlp_data_path, in, problems);
  if ((opt.newneb || opt.newconnect) && problems.empty())
    read_finish(opt, finish_path, in, problems);
  return in;
}

/// One run of optim once its input has been read and checked.
class OptimRun {
 public:
  OptimRun(const OptimOptions& opt, OptimInput& sys, const std::filesystem::path& dir,
           FileNames files, Logger& log)
      : opt_(opt),
        sys_(sys),
        counting_(sys.system.potential()),
        dir_(dir),
        files_(std::move(files)),
        log_(log),
        metric_(metric_settings(opt, sys)),
        tracer_(counting_, tracer_settings(), metric_, log) {}

  int run() {
    // One member a job, in the order of Job.
    static constexpr std::array<void (OptimRun::*)(), 5> kJobs = {
        &OptimRun::connect, &OptimRun::double_ended, &OptimRun::transition_state_search,
        &OptimRun::minimisation, &OptimRun::analysis};
    (this->*kJobs.at(static_cast<std::size_t>(job_of(opt_))))();
    draw_surface_paths();
    const EvaluationCounts& c = counting_.counts();
    log_.info("potential calls: {} energy+gradient, {} energy+gradient+Hessian, {} energy only",
              c.gradient, c.hessian, c.energy);
    return status_;
  }

 private:
  // --- settings per purpose, from the keywords ---

  static StructureMetricSettings metric_settings(const OptimOptions& o, const OptimInput& sys) {
    StructureMetricSettings m;
    m.atoms = sys.atoms;
    m.permutations = o.permdist;
    m.random_orientations = static_cast<int>(std::min<long long>(o.ranrot, 1'000'000));
    m.groups = sys.perm_groups;
    if (sys.system.periodic()) {  // minimum image; PERMDIST within the species
      m.box = sys.system.box();
      if (!m.groups) m.groups = sys.system.species();
    }
    m.seed = o.ranseed;
    if (o.mlp) m.network = o.mlp->shape();
    m.energy_tolerance = o.ediff_tol;
    m.distance_tolerance = o.geomdiff_tol;
    return m;
  }

  PathTracerSettings tracer_settings() const {
    PathTracerSettings t;
    t.pathway.pushoff = opt_.pushoff;
    t.pathway.minimisation = minimisation_options();
    t.atoms = sys_.atoms;
    t.numerical_hessian = opt_.end_num_hess;
    if (sys_.atoms && !sys_.system.periodic()) t.radius = opt_.radius;
    if (opt_.path) t.xyz_frames = opt_.path->frames;
    return t;
  }

  DnebOptions band_options() const {
    DnebOptions d;
    if (opt_.newneb) {
      d.images = static_cast<int>(opt_.newneb->images);
      d.max_iterations = static_cast<int>(opt_.newneb->iterations);
      d.rms_tolerance = opt_.newneb->rms_tolerance;
    }
    d.spring_constant = opt_.nebk;
    if (opt_.adjustk) {
      d.adjust_frequency = static_cast<int>(opt_.adjustk->frequency);
      d.adjust_tolerance = opt_.adjustk->tolerance;
      d.adjust_factor = opt_.adjustk->factor;
    }
    d.memory = static_cast<int>(opt_.updates[3]);
    d.dguess = opt_.dguess[2];
    d.max_step_per_image = opt_.max_bfgs[3];
    return d;
  }

  LbfgsOptions minimisation_options() const {
    LbfgsOptions lo;
    lo.memory = static_cast<int>(opt_.updates[0]);
    lo.dguess = opt_.dguess[0];
    lo.max_step = opt_.max_bfgs[0];
    lo.max_rise = opt_.max_erise[0];
    lo.rms_tolerance = opt_.bfgsmin_rms;
    lo.max_iterations =
        static_cast<int>(std::min<long long>(opt_.minimisation_steps(), 1'000'000'000));
    return lo;
  }

  EigenMethod eigen_method() const {
    if (opt_.nohess) return EigenMethod::kGradientDifferences;
    if (opt_.noit || counting_.has_analytic_hessian()) return EigenMethod::kLapack;
    return EigenMethod::kGradientDifferences;
  }

  HefOptions hef_options() const {
    HefOptions h;
    h.max_steps = static_cast<int>(std::min<long long>(opt_.steps, 1'000'000'000));
    h.eigen.method = eigen_method();
    h.eigen.max_iterations = static_cast<int>(opt_.bfgsts.nevs);
    h.eigen.rms_tolerance = opt_.bfgsts.ceig;
    h.eigen.memory = static_cast<int>(opt_.updates[1]);
    h.eigen.dguess = opt_.dguess[1];
    h.eigen.max_step = opt_.max_bfgs[1];
    h.eigen.max_rise = opt_.max_erise[1];
    h.eigen.formula = opt_.usediag == 3   ? CurvatureFormula::kForwardDifferences
                      : opt_.usediag == 2 ? CurvatureFormula::kGradientDifferences
                                          : CurvatureFormula::kEnergyDifferences;
    h.ncgmax1 = static_cast<int>(opt_.bfgsts.ncgmax1);
    h.ncgmax2 = static_cast<int>(opt_.bfgsts.ncgmax2);
    h.tangent_rms = opt_.bfgsconv;
    h.tangent = minimisation_options();
    h.max_step = opt_.max_step;
    h.max_max = opt_.max_max;
    h.min_max = opt_.min_max;
    h.trust_ratio = opt_.trust_radius;
    h.converge_step = opt_.converge.max_step;
    h.converge_rms = opt_.converge.rms;
    h.check_index = opt_.converge.check_index;
    h.numerical_hessian = opt_.end_num_hess;
    return h;
  }

  std::size_t gradient_calls() const { return counting_.counts().gradient; }

  /// The eigenvector method for the log.
  std::string eigen_description() const {
    const EigenMethod m = eigen_method();
    if (m == EigenMethod::kLapack) return std::string(to_string(m));
    return fmt::format("{}, USEDIAG {}: {}", to_string(m), opt_.usediag,
                       opt_.usediag == 3   ? "first-order gradient differences"
                       : opt_.usediag == 2 ? "eigenvalue from central gradient differences"
                                           : "eigenvalue from central energy differences");
  }

  // --- pieces shared by the jobs ---

  bool same_structure(std::span<const double> a, double ea, std::span<const double> b,
                      double eb) const {
    return metric_.same(a, ea, b, eb);
  }

  StationaryPoint characterise_point(std::span<const double> x) const {
    return characterise(counting_, x, sys_.atoms, opt_.end_num_hess);
  }

  /// Minimises x in place with the BFGSMIN settings and logs the outcome under label.
  MinimizeResult minimise(std::vector<double>& x, const std::string& label) {
    Lbfgs lbfgs(minimisation_options());
    if (opt_.all_points)
      lbfgs.set_point_callback([this, &label](int iteration, double e, std::span<const double> p) {
        write_point(p, e, fmt::format("{} iteration {}", label, iteration));
      });
    const std::size_t before = gradient_calls();
    const MinimizeResult r = lbfgs.minimize(counting_, x);
    log_.info("{}: {} ({} gradient evaluations)", label, r.report(), gradient_calls() - before);
    if (!r.converged())
      log_.warn("{}: the minimisation did not reach BFGSMIN {:g}", label, opt_.bfgsmin_rms);
    return r;
  }

  /// ALLPOINTS: one XYZ frame to `points`, which the run's first frame starts afresh.
  void write_point(std::span<const double> x, double energy, const std::string& what) {
    std::string frame;
    append_frame(frame, x, energy, what, sys_.atoms);
    const std::filesystem::path path = dir_ / files_("points");
    if (!all_points_.is_open()) all_points_.open(path, std::ios::trunc);
    all_points_ << frame;
    if (!all_points_.flush())
      throw RuntimeError(fmt::format("{}: cannot write (ALLPOINTS)", path.string()));
  }

  void log_eigenvalues(const StationaryPoint& sp) {
    const std::size_t count =
        opt_.end_hess && *opt_.end_hess > 0
            ? std::min<std::size_t>(static_cast<std::size_t>(*opt_.end_hess), sp.eigenvalues.size())
            : sp.eigenvalues.size();
    log_.info(
        "Hessian eigenvalues ({} lowest of {}, ascending; {} zero modes excluded from the counts): "
        "{} negative, lnprodfreq= {:.6f}",
        count, sp.eigenvalues.size(), sp.n_zero, sp.n_negative, sp.lnprodfreq);
    std::string line;
    for (std::size_t i = 0; i < count; ++i) {
      line += fortran_g(sp.eigenvalues[i]);
      if (i % 3 == 2 || i + 1 == count) {
        log_.info("  {}", line);
        line.clear();
      }
    }
  }

  /// A transition state as a characterised stationary point.
  StationaryPoint ts_point(const HefResult& ts) const {
    return characterise_transition_state(counting_, ts, sys_.atoms, opt_.end_num_hess);
  }

  /// Searches for a transition state from x with the first eigenvector guess; logs every step.
  HefResult search_ts(std::span<const double> x, std::span<const double> guess) {
    HybridEigenvectorFollowing hef(counting_, hef_options(), sys_.atoms);
    hef.set_callback([this](const HefStep& s) {
      log_.info(
          "  step {:4d}: E= {:18.10f} RMS= {:10.3e} lambda= {:12.5e} overlap= {:8.6f} uphill= "
          "{:10.3e} (max {:.3f}) RR iterations= {} tangent steps= {}",
          s.step, s.energy, s.rms, s.eigenvalue, s.overlap, s.uphill, s.step_limit,
          s.eigen_iterations, s.tangent_iterations);
      if (opt_.all_points)
        write_point(s.x, s.energy, fmt::format("transition-state search step {}", s.step));
    });
    return hef.run(x, guess);
  }

  void log_ts(const HefResult& r, const std::string& label, std::size_t calls) {
    if (r.converged())
      log_.info("{}: {} ({} gradient evaluations, {} Rayleigh-Ritz iterations)", label, r.summary(),
                calls, r.eigen_iterations);
    else
      log_.warn("{}: {}", label, r.summary());
  }

  /// What a path minimum of a double-ended search is, for the log: one of its end points, or new.
  std::string identify(const StationaryPoint& m) const {
    if (same_structure(m.coords, m.energy, endpoints_[0].coords, endpoints_[0].energy))
      return "the start point";
    if (same_structure(m.coords, m.energy, endpoints_[1].coords, endpoints_[1].energy))
      return "the finish point";
    return "new";
  }

  /// Follows the path of a transition state (PATH, DUMPALLPATHS): EofS and path.xyz, and the
  /// triple in path.info when both sides end in distinct minima. index: 0 for a single-ended job,
  /// else the transition state's number (file names EofS.k, path.k.xyz).
  void follow(const HefResult& ts, std::size_t index) {
    if (!opt_.path && !opt_.dump_all_paths) return;
    const std::string label =
        index == 0 ? std::string("path") : fmt::format("path of TS {}", index);
    const std::string eofs = index == 0 ? files_("EofS") : files_(fmt::format("EofS.{}", index));
    const std::string xyz =
        index == 0 ? files_("path.xyz") : files_(fmt::format("path.{}.xyz", index));
    const std::size_t before = gradient_calls();
    const TracedPath traced = tracer_.trace(ts, label, dir_, eofs, xyz);
    log_.info("{}: {} gradient evaluations", label, gradient_calls() - before);
    if (!endpoints_.empty())
      log_.info("{}: plus minimum: {}; minus minimum: {}", label, identify(traced.plus),
                identify(traced.minus));
    if (!traced.valid()) {
      for (const auto& f : traced.faults) log_.warn("{}: {}", label, f);
      log_.warn("{}: the triple is not a valid min-TS-min path{}", label,
                opt_.dump_all_paths ? " and is not written to path.info" : "");
      return;
    }
    ++valid_paths_;
    if (sys_.system.kind() == SystemKind::kSurface && sys_.system.n_dof() == 2)
      surface_paths_.push_back(traced.pathway);
    if (opt_.dump_all_paths) {
      append_path_info_triple(dir_ / files_("path.info"), traced.plus, traced.ts, traced.minus,
                              !opt_.no_frqs);
      log_.info("{}: min-TS-min triple appended to {}", label, files_("path.info"));
    }
  }

  /// Brings an end point of the band to a minimum if needed (REOPTIMISEENDPOINTS) and keeps it
  /// characterised for identification.
  void prepare_endpoint(std::vector<double>& x, const std::string& name) {
    std::vector<double> g(x.size());
    const double e = counting_.energy_gradient(x, g);
    const double rms = rms_of(g);
    log_.info("{}: E= {:.10f} RMS= {:.3e}", name, e, rms);
    if (rms > opt_.bfgsmin_rms) {
      if (!opt_.reoptimise_endpoints)
        throw InputError(
            fmt::format("{}: the {} has RMS gradient {:.3e}, above BFGSMIN {:g}: not a minimum "
                        "(REOPTIMISEENDPOINTS re-minimises the end points)",
                        name == "start point" ? files_("odata") : files_("finish"), name, rms,
                        opt_.bfgsmin_rms));
      minimise(x, fmt::format("{} re-optimised (REOPTIMISEENDPOINTS)", name));
    }
    StationaryPoint sp = characterise_point(x);
    log_.info("{}: E= {:.10f} point group {} (order {}), {} negative Hessian eigenvalues", name,
              sp.energy, sp.point_group, sp.pgorder, sp.n_negative);
    endpoints_.push_back(std::move(sp));
  }

  /// With DUMPALLPATHS the job's path.info starts empty, as OPTIM's does, once the input is known
  /// to be usable.
  void start_path_info() {
    if (opt_.dump_all_paths || (opt_.newconnect && opt_.dump_path))
      write_file(dir_ / files_("path.info"), "");
  }

  // --- the jobs ---

  void double_ended() {
    std::vector<double> start = sys_.start;
    std::vector<double> finish = *sys_.finish;
    log_.info(
        "job: doubly-nudged elastic band between {} and {}, candidates refined by hybrid "
        "eigenvector-following ({})",
        files_("odata"), files_("finish"), eigen_description());
    prepare_endpoint(start, "start point");
    prepare_endpoint(finish, "finish point");
    start_path_info();
    if (sys_.atoms || (opt_.permdist && opt_.mlp)) {
      const double before = euclidean_distance(start, finish);
      AlignedStructure aligned = metric_.align(start, finish);
      finish = std::move(aligned.coords);
      endpoints_[1].coords = finish;
      log_.info(
          "finish point put in closest coincidence with the start point ({}): distance {:.6f} (was "
          "{:.6f})",
          sys_.system.periodic()
              ? (opt_.permdist ? "minimum image, translation and permutations within each species"
                               : "minimum image and translation")
          : sys_.atoms ? (opt_.permdist ? "translation, rotation, inversion and permutations"
                                        : "translation and rotation")
                       : "closest permutational isomer",
          aligned.distance, before);
    } else {
      log_.info("distance between the end points: {:.6f}", euclidean_distance(start, finish));
    }

    const DnebOptions d = band_options();
    DoublyNudgedElasticBand band(counting_, d);
    const std::size_t before = gradient_calls();
    const DnebResult neb = band.run(start, finish);
    log_.info("DNEB: {} images, {} ({} gradient evaluations)", d.images, neb.report(),
              gradient_calls() - before);
    log_.info("{}", neb.candidates_report());

    const TsRefinement refined = refine_candidates(
        counting_, hef_options(), sys_.atoms, metric_, neb, {}, [this](const RefinedCandidate& c) {
          const std::string label = fmt::format("candidate image {}", c.image);
          log_ts(c.search, label, c.gradient_calls);
          if (c.fate == CandidateFate::kRepeat)
            log_.info("{}: the same transition state as TS {}", label, c.same_as + 1);
        });
    const std::size_t found = refined.new_states.size();
    log_.info("DNEB run yielded {} distinct transition state{}", found, found == 1 ? "" : "s");
    for (std::size_t k = 0; k < found; ++k) {
      const HefResult& ts = refined.transition_state(k);
      log_.info("TS {}: E= {:.10f} lambda= {:.6e}", k + 1, ts.energy, ts.eigen.value);
      follow(ts, k + 1);
    }
    if (found == 0) log_.warn("no transition state was found between the end points");
    if (opt_.path || opt_.dump_all_paths)
      log_.info("{} valid min-TS-min path{}", valid_paths_, valid_paths_ == 1 ? "" : "s");
  }

  void connect() {
    log_.info(
        "job: connection of {} and {} through a chain of transition states (NEWCONNECT), bands "
        "refined by hybrid eigenvector-following ({})",
        files_("odata"), files_("finish"), eigen_description());
    std::vector<double> start = sys_.start;
    std::vector<double> finish = *sys_.finish;
    prepare_endpoint(start, "start point");
    prepare_endpoint(finish, "finish point");
    for (const StationaryPoint& e : endpoints_)
      if (e.n_negative != 0)
        log_.warn("an end point has {} negative Hessian eigenvalues: it is not a minimum",
                  e.n_negative);
    start_path_info();
    log_.info("identity and distances: {}", metric_.description());
    if (opt_.permdist && sys_.atoms) {
      if (sys_.perm_groups)
        log_.info("PERMDIST: {} groups of permutable atoms from perm.allow",
                  sys_.perm_groups->size());
      else if (sys_.system.species())
        log_.info("PERMDIST: the atoms of each species are permutable (BINARY; no perm.allow)");
      else
        log_.info("PERMDIST: all {} atoms are permutable (no perm.allow)", sys_.start.size() / 3);
    }
    const NewConnectKeyword& k = *opt_.newconnect;
    NewConnectSettings cs;
    cs.connect.max_cycles = static_cast<int>(std::min<long long>(k.max_cycles, 1'000'000));
    cs.connect.max_tries = static_cast<int>(std::min<long long>(k.max_tries, 1'000'000));
    cs.connect.image_density = k.image_density;
    cs.connect.iteration_density = k.iteration_density;
    cs.connect.max_images = static_cast<int>(std::min<long long>(k.max_images, 1'000'000));
    cs.connect.image_increment = k.image_increment;
    cs.connect.rms_tolerance = k.rms_tolerance;
    if (opt_.newneb)
      cs.connect.first_band = NewConnectOptions::FirstBand{
          static_cast<int>(opt_.newneb->images), static_cast<int>(opt_.newneb->iterations),
          opt_.newneb->rms_tolerance};
    cs.connect.exponential_cost = opt_.dijkstra.exponential;
    cs.connect.cost_exponent = static_cast<int>(std::min<long long>(opt_.dijkstra.exponent, 100));
    cs.band = band_options();
    cs.band.settle_iterations = kSettleIterations;
    cs.transition_state = hef_options();
    cs.dump_all_paths = opt_.dump_all_paths;
    cs.dump_path = opt_.dump_path;
    cs.with_frequencies = !opt_.no_frqs;
    if (opt_.path) cs.path_frames = opt_.path->frames;
    cs.connect.cpu_time_limit = opt_.time_limit;
    NewConnect connection(counting_, cs, sys_.atoms, metric_, tracer_, log_, dir_,
                          [this](const std::string& base) { return files_(base); });
    const NewConnectResult r = connection.run(endpoints_[0], endpoints_[1]);
    log_.info("NEWCONNECT: {}", r.report());
    if (r.status == NewConnectStatus::kTimeLimit) status_ = kExitTimeLimit;
    if (sys_.system.kind() == SystemKind::kSurface && sys_.system.n_dof() == 2)
      for (const KnownTransitionState& t : connection.transition_states())
        surface_paths_.push_back(t.pathway);
  }

  void transition_state_search() {
    const std::vector<double>& x = sys_.start;
    const std::size_t n = x.size();
    log_.info(
        "job: transition-state search by hybrid eigenvector-following from the {} geometry ({}), "
        "at most {} steps",
        files_("odata"), eigen_description(), opt_.steps);
    if (!opt_.bfgsts_given)
      log_.info("note: PATH without BFGSTS: the search uses BFGSTS's defaults");
    start_path_info();
    // A random first eigenvector guess (only Rayleigh-Ritz uses it), from RANSEED.
    Rng rng(opt_.ranseed);
    std::vector<double> guess(n);
    for (double& v : guess) v = rng.symmetric();
    const std::size_t before = gradient_calls();
    HefResult r = search_ts(x, guess);
    log_ts(r, "transition-state search", gradient_calls() - before);
    if (r.converged()) follow(r, 0);
    if (opt_.end_hess) log_eigenvalues(ts_point(r));
  }

  void minimisation() {
    std::vector<double> x = sys_.start;
    log_.info("job: L-BFGS minimisation of the {} geometry (BFGSMIN {:g}, at most {} iterations)",
              files_("odata"), opt_.bfgsmin_rms, opt_.minimisation_steps());
    const MinimizeResult r = minimise(x, "minimisation");
    finish_minimum(x, r.converged());
  }

  void analysis() {
    log_.info("job: analysis of the {} geometry (STEPS 0: no optimisation)", files_("odata"));
    std::vector<double> g(sys_.start.size());
    const double e = counting_.energy_gradient(sys_.start, g);
    log_.info("E= {:.10f} RMS= {:.3e}", e, rms_of(g));
    finish_minimum(sys_.start, rms_of(g) <= opt_.bfgsmin_rms);
  }

  /// ENDHESS and DUMPDATA after a minimisation (or an analysis).
  void finish_minimum(const std::vector<double>& x, bool converged) {
    if (!opt_.end_hess && !opt_.dump_data) return;
    const StationaryPoint sp = characterise_point(x);
    if (opt_.end_hess) log_eigenvalues(sp);
    if (!opt_.dump_data) return;
    if (!converged || sp.n_negative != 0) {
      log_.warn("DUMPDATA: {} not written: {}", files_("min.data.info"),
                !converged
                    ? "the minimisation did not converge"
                    : fmt::format("{} negative Hessian eigenvalues, not a minimum", sp.n_negative));
      return;
    }
    write_file(dir_ / files_("min.data.info"), format_min_data_info(sp));
    log_.info("DUMPDATA: E= {:.10f} lnprodfreq= {:.6f} pgorder {} written to {}", sp.energy,
              sp.lnprodfreq, sp.pgorder, files_("min.data.info"));
  }

  const OptimOptions& opt_;
  OptimInput& sys_;
  CountingPotential counting_;
  std::filesystem::path dir_;
  FileNames files_;
  Logger& log_;
  std::ofstream all_points_;                ///< ALLPOINTS's points file, opened at its first frame
  std::vector<StationaryPoint> endpoints_;  ///< start and finish of a double-ended search
  int valid_paths_ = 0;
  int status_ = kExitOk;  ///< kExitTimeLimit once a connection run reached TIMELIMIT
  /// The valid paths of a surface of two variables, for surface_path.png.
  std::vector<Pathway> surface_paths_;

  /// A surface of two variables (Mueller-Brown): its contours with the paths found, as
  /// surface_path.svg and .png.
  void draw_surface_paths() {
    if (surface_paths_.empty()) return;
    const Figure fig = surface_paths_figure(
        sys_.system.potential(), surface_paths_,
        fmt::format("{}: {} min-TS-min path{}", sys_.system.name(), surface_paths_.size(),
                    surface_paths_.size() == 1 ? "" : "s"));
    // surface_path.svg, or surface_path.N.svg for job N: the extension stays last.
    const std::string stem =
        files_.suffix.empty() ? "surface_path" : "surface_path." + files_.suffix;
    fig.write(dir_ / (stem + ".svg"), FigureFormat::kSvg);
    fig.write(dir_ / (stem + ".png"), FigureFormat::kPng);
    log_.info("wrote {0}.svg and {0}.png: the paths over the contours of the surface", stem);
  }
  StructureMetric metric_;
  PathTracer tracer_;
};

/// Cross-keyword rules, checked before anything runs.
void validate(const OptimOptions& opt, const keywords::KeywordTable<OptimOptions>::Result& parsed,
              keywords::DiagnosticSink& sink) {
  if (opt.min_max > opt.max_max)
    sink.cite(parsed, "MINMAX",
              fmt::format("MINMAX {:g} is above MAXMAX {:g}", opt.min_max, opt.max_max));
  if (opt.dump_data && job_of(opt) != Job::kMinimisation && job_of(opt) != Job::kAnalysis)
    sink.cite(parsed, "DUMPDATA",
              "DUMPDATA writes the minimum of a minimisation job (BFGSMIN), not of this job");
}

int run(const CliRequest& cli, const std::filesystem::path& dir, Logger& log, std::FILE* err) {
  const FileNames files{cli.argument};
  const auto& table = optim_keyword_table();
  keywords::DiagnosticSink sink(files("odata"));
  auto in = keywords::read_keyword_input(table, dir, files("odata"), sink);
  if (!sink.empty()) return sink.report(err, "optim");
  const OptimOptions& opt = in->options;
  OptimInput sys =
      read_input(opt, in->parsed, in->file, dir / files("finish"), dir / "MLPdata", sink);
  if (opt.permdist && sys.atoms && sink.empty() && std::filesystem::exists(dir / "perm.allow")) {
    try {
      sys.perm_groups = read_perm_allow(dir / "perm.allow", sys.start.size() / 3);
    } catch (const InputError& e) {
      sink.message(e.what());
    }
    if (sys.perm_groups && sys.binary)  // a group may not mix the species of BINARY
      for (std::size_t g = 0; g < sys.perm_groups->size(); ++g) {
        const auto& group = (*sys.perm_groups)[g];
        const auto is_a = [&](std::size_t i) { return i < sys.binary->n_a; };
        if (!group.empty() && (std::any_of(group.begin(), group.end(), is_a) !=
                               std::all_of(group.begin(), group.end(), is_a))) {
          sink.in_file("perm.allow",
                       fmt::format("group {} mixes A atoms (1-{} of BINARY) with B atoms", g + 1,
                                   sys.binary->n_a));
          break;
        }
      }
  }
  validate(opt, in->parsed, sink);
  if (!sink.empty()) return sink.report(err, "optim");

  log.info("{} optim: transition states and pathways", suite_version());
  keywords::log_keywords_in_effect(log, table, *in);
  if (sys.system.periodic()) {
    log.info("potential: {} (atoms labelled {}); {} coordinates", sys.system.description(),
             sys.symbol, sys.start.size());
    if (sys.symbol != "LS" && sys.symbol != "ls")
      log.warn(
          "BINARY: the atoms after POINTS are labelled {}, not LS (OPTIM's atom type of this "
          "potential); they are treated as LS",
          sys.symbol);
  } else if (sys.atoms)
    log.info("potential: {} cluster of {} atoms (labelled {}); {} coordinates",
             sys.system.potential().name(), sys.start.size() / 3, sys.symbol, sys.start.size());
  else
    log.info("potential: {}; {} variables", sys.system.potential().name(), sys.start.size());
  if (opt.radius && (!sys.atoms || sys.system.periodic()))
    log.info("note: RADIUS applies to clusters of atoms only");

  const auto t0 = std::chrono::steady_clock::now();
  OptimRun job(opt, sys, dir, files, log);
  const int status = job.run();
  log.info("elapsed time {:.3f} s",
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return status;
}

}  // namespace

int run_optim(const std::vector<std::string>& args, const std::filesystem::path& dir,
              std::FILE* out, std::FILE* err) {
  ProgramFrontEnd program = keywords::keyword_program("optim", "odata", kUsage,
                                                      optim_keyword_table(), kOptimReferenceIntro);
  program.default_argument.clear();  // optim's argument is a job suffix: odata.N, finish.N
  program.check_argument = [](const CliRequest& cli) {
    return cli.argument.find('/') != std::string::npos
               ? fmt::format("the job suffix '{}' must not contain '/'", cli.argument)
               : std::string();
  };
  return run_program_main(program, args, out, err, [&](const CliRequest& cli, Logger& log) {
    return run(cli, dir, log, err);
  });
}

}  // namespace landscape::optim
