#include "gmin/basin_hopping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/optimize/option_rules.hpp"

namespace landscape::gmin {
namespace {

constexpr int kMaxReseedTries = 20;

}  // namespace

double avoid_cluster_distance(std::span<const double> a, std::span<const double> b) {
  // AVOID only asks whether a minimum lies within a few units of a saved one: four atom-pair
  // frames (with the principal axes) decide that as well as the full search and cost a third as
  // much, measured with bench/mfet_bench (same quench counts, 2146 against 1489 quenches/s).
  ClusterAlignmentOptions options;
  options.max_pair_frames = 4;
  return cluster_distance(a, b, options);
}

LbfgsOptions quench_options(const GminOptions& o, bool tight) {
  LbfgsOptions l;
  l.memory = static_cast<int>(o.updates);
  l.dguess = o.dguess;
  l.max_step = o.max_bfgs;
  l.max_rise = o.max_erise;
  l.rms_tolerance = tight ? o.tight_conv : o.sloppy_conv;
  l.max_iterations = static_cast<int>(tight ? o.maxit_tight : o.maxit_sloppy);
  return l;
}

std::optional<std::string> BasinHoppingOptions::validate() const {
  return first_broken({at_least("steps", steps, 0), positive_finite("temperature", temperature),
                       positive_finite("temperature_factor", temperature_factor),
                       positive_finite("step", step), non_negative("astep", astep),
                       between("accept_ratio", accept_ratio, 0.0, 1.0),
                       at_least("change_accept", change_accept, 1), at_least("save", save, 1),
                       non_negative("ediff", ediff), nested("sloppy", sloppy.validate()),
                       nested("tight", tight.validate())});
}

BasinHoppingOptions basin_hopping_options(const GminOptions& o) {
  BasinHoppingOptions b;
  b.steps = o.steps;
  b.temperature_factor = o.temperature_factor;
  b.temperature = o.temperature;
  b.step = o.step;
  b.astep = o.astep;
  b.accept_ratio = o.accept_ratio;
  b.change_accept = o.change_accept;
  b.fix_step = o.fix_step;
  b.fix_temp = o.fix_temp;
  b.fix_both = o.fix_both;
  b.save = o.save;
  b.ediff = o.ediff;
  b.targets = o.targets;
  b.seed = o.ranseed;
  b.centre = o.centre;
  b.noreset = o.noreset;
  b.new_restart = o.new_restart;
  b.avoid = o.avoid;
  b.sloppy = quench_options(o, false);
  b.tight = quench_options(o, true);
  return b;
}

BasinHopping::BasinHopping(const BasinHoppingOptions& options, const Potential& potential,
                           StepMove move, double radius, Logger& log, StructureDistance distance)
    : options_(options),
      distance_(distance ? std::move(distance) : StructureDistance(avoid_cluster_distance)),
      potential_(potential),
      radius_(radius),
      log_(log),
      rng_(options.seed),
      take_step_(move),
      lbfgs_(options.sloppy),
      lowest_(static_cast<std::size_t>(options.save), options.ediff) {
  require_valid("BasinHoppingOptions", options_.validate());
  s_.temperature = options.temperature;
  s_.step_size = options.step;
  s_.astep = options.astep;
}

MinimizeResult BasinHopping::quench(std::vector<double>& x, bool tight) {
  lbfgs_.set_options(tight ? options_.tight : options_.sloppy);
  const MinimizeResult r = lbfgs_.minimize(potential_, x);
  s_.function_calls += r.evaluations;
  ++s_.quenches;
  return r;
}

bool BasinHopping::outside_container(std::span<const double> x) const {
  if (radius_ <= 0.0 || potential_.n_atoms() == 0) return false;
  return max_radius(x) > radius_;
}

bool BasinHopping::hit_target(double energy) const {
  return std::any_of(options_.targets.begin(), options_.targets.end(),
                     [&](double t) { return std::abs(energy - t) < options_.ediff; });
}

void BasinHopping::start(std::vector<double> coords) {
  s_.markov = std::move(coords);
  const MinimizeResult r = quench(s_.markov, false);
  if (options_.centre && potential_.n_atoms() > 0 && !potential_.periodic())
    move_to_centre(s_.markov);
  s_.markov_energy = r.energy;
  s_.best_energy = r.energy;
  s_.run_best_energy = r.energy;
  s_.run_best_coords = s_.markov;
  s_.prev_run_best_energy = r.energy;
  s_.prev_run_best_coords = s_.markov;
  if (r.converged()) lowest_.consider(r.energy, s_.markov, 0, s_.function_calls);
  if (r.status == MinimizeStatus::kNonFinite || !std::isfinite(r.energy))
    log_.warn("the initial quench met a non-finite energy or gradient (E = {}, RMS = {})", r.energy,
              r.rms_gradient);
  log_.info("Qu {:8d} E={:20.10f} steps={:5d} RMS={:10.3e} Markov E={:20.10f} (initial quench{})",
            0, r.energy, r.iterations, r.rms_gradient, r.energy,
            r.converged() ? "" : ", not converged");
}

void BasinHopping::set_markov(std::vector<double> coords, double energy) {
  s_.markov = std::move(coords);
  s_.markov_energy = energy;
}

void BasinHopping::restore(const BasinHoppingState& state) {
  s_ = state;
  lowest_.entries() = state.lowest;
  std::istringstream is(state.rng_state);
  rng_.load(is);
}

BasinHoppingState BasinHopping::state() const {
  BasinHoppingState st = s_;
  st.lowest = lowest_.entries();
  std::ostringstream os;
  rng_.save(os);
  st.rng_state = os.str();
  return st;
}

void BasinHopping::adjust_step() {
  if (s_.window_tried < options_.change_accept) return;
  const double ratio =
      static_cast<double>(s_.window_accepted) / static_cast<double>(s_.window_tried);
  s_.window_tried = 0;
  s_.window_accepted = 0;
  adjustment_ =
      fmt::format("acceptance ratio for the last {} steps = {:.4f}", options_.change_accept, ratio);
  if (options_.fix_both || (options_.fix_step && options_.fix_temp)) return;
  constexpr double kFactor = 1.05;
  if (options_.fix_step) {
    // Too many acceptances: cool down; too few: heat up.
    s_.temperature =
        ratio > options_.accept_ratio ? s_.temperature / kFactor : s_.temperature * kFactor;
  } else {
    if (ratio > options_.accept_ratio) {
      s_.step_size *= kFactor;
      s_.astep *= kFactor;
    } else {
      s_.step_size /= kFactor;
      s_.astep /= kFactor;
    }
  }
}

void BasinHopping::push_avoid(double energy, const std::vector<double>& coords) {
  const auto max_saved = static_cast<std::size_t>(options_.avoid->max_saved);
  std::vector<double> aligned = coords;
  const std::size_t pos =
      static_cast<std::size_t>(s_.avoid_saved % static_cast<long long>(max_saved));
  if (s_.avoid.size() < max_saved)
    s_.avoid.push_back({energy, std::move(aligned)});
  else
    s_.avoid[pos] = {energy, std::move(aligned)};
  ++s_.avoid_saved;
}

void BasinHopping::reseed(std::vector<double>& trial, double& energy) {
  const double r = radius_ > 0 ? radius_ : 3.0;
  MinimizeResult q;
  for (int t = 0; t < kMaxReseedTries; ++t) {
    TakeStep::random_cluster(trial, r, rng_);
    q = quench(trial, false);
    if (q.converged() && !outside_container(trial)) break;
  }
  if (options_.centre && potential_.n_atoms() > 0 && !potential_.periodic()) move_to_centre(trial);
  energy = q.energy;
  ++s_.restarts;
}

BasinHopping::RestartOutcome BasinHopping::new_restart(std::vector<double>& trial, double& energy) {
  RestartOutcome out;
  if (!options_.new_restart) return out;
  const double econv = options_.ediff;
  const long long j = s_.step;  // the current step, 1-based
  if (energy < s_.run_best_energy) {
    if (s_.run_best_energy - energy > econv) s_.run_best_step = j;
    s_.prev_run_best_energy = s_.run_best_energy;
    s_.prev_run_best_coords = s_.run_best_coords;
    s_.run_best_energy = energy;
    s_.run_best_coords = trial;
  }
  const bool stuck = j - s_.run_best_step > options_.new_restart->nrelax;
  bool taboo = false;
  double distance = 0.0;
  std::size_t which = 0;
  // The AVOID check runs only when the best minimum since the last restart has just changed.
  if (!stuck && options_.avoid && j == s_.run_best_step && !s_.avoid.empty()) {
    for (std::size_t k = 0; k < s_.avoid.size(); ++k) {
      if (energy < s_.avoid[k].energy - econv) continue;  // lower than the saved one: never taboo
      distance = distance_(trial, s_.avoid[k].coords);
      if (distance < options_.avoid->distance) {
        taboo = true;
        which = k;
        break;
      }
    }
  }
  if (!stuck && !taboo) return out;
  const bool reseed_run = !options_.avoid || options_.avoid->reseed;
  if (taboo && !reseed_run) {
    out.reject = true;
    out.note = fmt::format(
        "newres> minimum {:.10f} is within {:.3f} of AVOID entry {} ({:.10f}): step rejected",
        energy, distance, which + 1, s_.avoid[which].energy);
    return out;
  }
  if (options_.avoid) {
    if (stuck || distance > 0.1) {
      push_avoid(s_.run_best_energy, s_.run_best_coords);
      out.note =
          fmt::format("newres> best minimum {:.10f} added to the AVOID list; ", s_.run_best_energy);
    } else if (distance <= 0.01) {
      push_avoid(s_.prev_run_best_energy, s_.prev_run_best_coords);
      out.note = fmt::format("newres> previous best minimum {:.10f} added to the AVOID list; ",
                             s_.prev_run_best_energy);
    }
  }
  if (!reseed_run) {
    // AVOID ... F: the walk is not reseeded; this step is rejected and the count starts again.
    out.note += fmt::format("newres> energy has not improved since step {}: step rejected",
                            s_.run_best_step);
    s_.run_best_step = j;
    s_.run_best_energy = energy;
    s_.run_best_coords = trial;
    out.reject = true;
    return out;
  }
  out.note += stuck ? fmt::format("newres> energy has not improved since step {}: reseeding",
                                  s_.run_best_step)
                    : std::string("newres> taboo structure: reseeding");
  reseed(trial, energy);
  s_.run_best_energy = energy;
  s_.run_best_coords = trial;
  s_.prev_run_best_energy = energy;
  s_.prev_run_best_coords = trial;
  s_.run_best_step = j;
  // The reseeded minimum becomes the Markov state unconditionally.
  s_.markov = trial;
  s_.markov_energy = energy;
  out.reseeded = true;
  return out;
}

StopReason BasinHopping::run(const Observer& observer) {
  const std::size_t n = potential_.n_dof();
  trial_.resize(n);
  while (s_.step < options_.steps) {
    ++s_.step;
    trial_ = s_.markov;
    take_step_.perturb(trial_, s_.step_size, s_.astep, radius_, rng_);
    if (options_.noreset) unquenched_ = trial_;
    const MinimizeResult q = quench(trial_, false);
    double energy = q.energy;
    StepReport rep;
    rep.step = s_.step;
    rep.rms = q.rms_gradient;
    rep.iterations = q.iterations;
    rep.converged = q.converged();
    rep.evaporated = outside_container(trial_);
    if (options_.centre && potential_.n_atoms() > 0 && !potential_.periodic())
      move_to_centre(trial_);
    bool accepted = false;
    // A quench that met a NaN or Inf energy or gradient is a status, not a minimum: rejected.
    const bool non_finite = q.status == MinimizeStatus::kNonFinite || !std::isfinite(energy);
    if (non_finite) {
      rep.converged = false;
      log_.warn(
          "step {}: the quench met a non-finite energy or gradient (E = {}, RMS = {}): step "
          "rejected",
          s_.step, energy, q.rms_gradient);
    }
    if (!rep.evaporated && !non_finite) {
      if (rep.converged) {
        lowest_.consider(energy, trial_, s_.step, s_.function_calls);
        s_.best_energy = std::min(s_.best_energy, energy);
      }
      rep.energy = energy;
      reported_ = trial_;
      rep.coords = reported_;
      const RestartOutcome restart = new_restart(trial_, energy);
      rep.note = restart.note;
      if (restart.reseeded) {
        accepted = true;
      } else if (!restart.reject) {
        const double de = energy - s_.markov_energy;
        accepted = de <= 0.0 || std::exp(-de / s_.temperature) > rng_.uniform();
        if (accepted) {
          s_.markov = options_.noreset ? unquenched_ : trial_;
          s_.markov_energy = energy;
        }
      }
    } else {
      rep.energy = energy;
      rep.coords = trial_;
      if (rep.evaporated) rep.note = "atom outside the container: step rejected";
      if (non_finite) rep.note = "non-finite energy or gradient in the quench: step rejected";
    }
    ++s_.window_tried;
    if (accepted) {
      ++s_.window_accepted;
      ++s_.total_accepted;
    }
    adjust_step();
    s_.temperature *= options_.temperature_factor;
    rep.accepted = accepted;
    rep.markov_energy = s_.markov_energy;
    rep.best_energy = s_.best_energy;
    rep.temperature = s_.temperature;
    rep.step_size = s_.step_size;
    if (!adjustment_.empty()) {
      rep.adjustment = fmt::format("{}; STEP = {:.6f}, astep = {:.6f}, temperature = {:.6f}",
                                   adjustment_, s_.step_size, s_.astep, s_.temperature);
      adjustment_.clear();
    }
    if (observer && observer(rep) == ObserverAction::kStop) return StopReason::kObserver;
    if (!rep.evaporated && rep.converged && hit_target(q.energy)) return StopReason::kTarget;
  }
  return StopReason::kSteps;
}

std::vector<SavedMinimum> BasinHopping::final_lowest() {
  std::vector<SavedMinimum> out = lowest_.entries();
  for (auto& m : out) {
    const MinimizeResult r = quench(m.coords, true);
    m.energy = r.energy;
    if (options_.centre && potential_.n_atoms() > 0 && !potential_.periodic())
      move_to_centre(m.coords);
  }
  std::stable_sort(out.begin(), out.end(), [](const SavedMinimum& a, const SavedMinimum& b) {
    return a.energy < b.energy;
  });
  return out;
}

}  // namespace landscape::gmin
