#include "optim/new_connect.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/io/interrupt.hpp"
#include "common/io/logger.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/optimize/option_rules.hpp"
#include "optim/counting_potential.hpp"

namespace landscape::optim {
namespace {

/// CPU seconds used so far by every thread of the process (TIMELIMIT, as OPTIM counts it).
double process_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// x' = R (x[perm] - from_centre) + to_centre for every atom.
std::vector<double> moved(const std::vector<double>& x, const ClusterAlignment& al,
                          const std::array<double, 3>& from, const std::array<double, 3>& to) {
  std::vector<double> y(x.size());
  const auto& r = al.rotation;
  for (std::size_t i = 0; i < x.size() / 3; ++i) {
    const double* p = &x[3 * al.permutation[i]];
    const double d[3] = {p[0] - from[0], p[1] - from[1], p[2] - from[2]};
    for (int c = 0; c < 3; ++c)
      y[3 * i + c] = r[3 * c] * d[0] + r[3 * c + 1] * d[1] + r[3 * c + 2] * d[2] +
                     to[static_cast<std::size_t>(c)];
  }
  return y;
}

/// The pathway with every frame moved by an alignment (see moved()).
Pathway moved(const Pathway& path, const ClusterAlignment& al, const std::array<double, 3>& from,
              const std::array<double, 3>& to) {
  Pathway out = path;
  for (PathSide* side : {&out.plus, &out.minus})
    for (auto& frame : side->frames) frame = moved(frame, al, from, to);
  return out;
}

Pathway reversed(const Pathway& path) {
  Pathway out = path;
  std::swap(out.plus, out.minus);
  return out;
}

}  // namespace

std::optional<std::string> NewConnectOptions::validate() const {
  const FirstBand first = first_band.value_or(FirstBand{1, 0, 0.0});  // unset: nothing to check
  return first_broken(
      {at_least("max_cycles", max_cycles, 0), at_least("max_tries", max_tries, 1),
       positive_finite("image_density", image_density),
       positive_finite("iteration_density", iteration_density),
       at_least("max_images", max_images, 1), non_negative("image_increment", image_increment),
       non_negative("rms_tolerance", rms_tolerance), at_least("first_band.images", first.images, 1),
       at_least("first_band.iterations", first.iterations, 0),
       non_negative("first_band.rms_tolerance", first.rms_tolerance),
       at_least("cost_exponent", cost_exponent, 0),
       positive_finite("cpu_time_limit", cpu_time_limit.value_or(1.0))});
}

std::optional<std::string> NewConnectSettings::validate() const {
  return first_broken({nested("connect", connect.validate()), nested("band", band.validate()),
                       nested("transition_state", transition_state.validate()),
                       at_least("path_frames", path_frames.value_or(0), 0)});
}

std::string_view to_string(ConnectionSet set) {
  static constexpr std::array<std::string_view, 3> kNames = {"S", "F", "U"};
  return kNames.at(static_cast<std::size_t>(set));
}

std::string_view to_string(AttemptStatus status) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "joined", "new transition states", "no valid path", "no new transition state",
      "no candidates"};
  return kNames.at(static_cast<std::size_t>(status));
}

std::string ConnectionAttempt::report() const {
  const std::string stepped_off =
      higher_index == 0
          ? std::string()
          : fmt::format(
                "; {} higher-index saddle{} stepped off: {} new transition state{}, {} kept, {} "
                "new minim{}",
                higher_index, higher_index == 1 ? "" : "s", stepped_off_transition_states,
                stepped_off_transition_states == 1 ? "" : "s", stepped_off_kept, stepped_off_minima,
                stepped_off_minima == 1 ? "um" : "a");
  return fmt::format(
      "minima {} and {}, attempt {}: {} (band of {} images: {}; {} candidates, {} new transition "
      "states, {} kept{})",
      a + 1, b + 1, attempt, to_string(status), images, to_string(band), candidates,
      transition_states, kept, stepped_off);
}

std::string_view to_string(NewConnectStatus status) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "connected", "same minimum", "no pair left", "cycle limit", "interrupted", "time limit"};
  return kNames.at(static_cast<std::size_t>(status));
}

std::string NewConnectResult::report() const {
  return fmt::format(
      "{} after {} cycles and {} bands: {} minima and {} transition states known{}{}",
      connected ? "connected" : "not connected", cycles, bands, minima, transition_states,
      connected ? fmt::format(", {} on the path", path.size()) : std::string(),
      higher_index_saddles == 0
          ? std::string()
          : fmt::format("; {} higher-index saddle{} stepped off ({} gradient evaluations)",
                        higher_index_saddles, higher_index_saddles == 1 ? "" : "s",
                        step_off_gradient_calls));
}

NewConnect::NewConnect(CountingPotential& potential, NewConnectSettings settings, bool atoms,
                       const StructureMetric& metric, const PathTracer& tracer, Logger& log,
                       std::filesystem::path dir, FileNameFunction files)
    : potential_(potential),
      settings_(settings),
      atoms_(atoms),
      metric_(metric),
      tracer_(tracer),
      log_(log),
      dir_(std::move(dir)),
      files_(std::move(files)) {
  require_valid("NewConnectSettings", settings_.validate());
}

double NewConnect::pair_distance(std::size_t a, std::size_t b) {
  const std::size_t n = minima_.size();
  if (distances_.size() < n) {
    for (auto& row : distances_) row.resize(n, -1.0);
    distances_.resize(n, std::vector<double>(n, -1.0));
  }
  double& d = distances_[std::min(a, b)][std::max(a, b)];
  if (d < 0.0) d = metric_.distance(minima_[a].coords, minima_[b].coords);
  return d;
}

double NewConnect::pair_cost(std::size_t a, std::size_t b) {
  const double d = pair_distance(a, b);
  const NewConnectOptions& c = settings_.connect;
  // A pair of distinct minima never costs 0 (that is reserved for joined pairs).
  const double cost = c.exponential_cost ? std::exp(d) : std::pow(d, c.cost_exponent);
  return std::max(cost, 1e-12);
}

ConnectionSet NewConnect::set_of(std::size_t m) const {
  if (graph_.connected(m, 0)) return ConnectionSet::kStart;
  if (graph_.connected(m, 1)) return ConnectionSet::kFinish;
  return ConnectionSet::kUnconnected;
}

std::size_t NewConnect::place_minimum(const StationaryPoint& m, bool& is_new) {
  for (std::size_t k = 0; k < minima_.size(); ++k)
    if (metric_.same(m.coords, m.energy, minima_[k].coords, minima_[k].energy)) {
      is_new = false;
      return k;
    }
  is_new = true;
  minima_.push_back(m);
  return graph_.add_minimum();
}

DnebOptions NewConnect::band_options(int attempt, double distance, bool first_band) const {
  const NewConnectOptions& c = settings_.connect;
  DnebOptions d = settings_.band;
  if (first_band && c.first_band) {
    d.images = c.first_band->images;
    d.max_iterations = c.first_band->iterations;
    d.rms_tolerance = c.first_band->rms_tolerance;
  } else {
    const double density = c.image_density + c.image_increment * (attempt - 1);
    d.images = static_cast<int>(
        std::clamp(std::floor(density * distance), 1.0, static_cast<double>(c.max_images)));
    d.max_iterations = static_cast<int>(std::floor(c.iteration_density * d.images));
    d.rms_tolerance = c.rms_tolerance;
  }
  return d;
}

DnebResult NewConnect::run_band(const ConnectionAttempt& attempt, const AlignedStructure& end,
                                bool first_band) {
  const DnebOptions d = band_options(attempt.attempt, end.distance, first_band);
  log_.info(
      "DNEB between minima {} and {} (attempt {}, distance {:.4f}): {} images, at most {} "
      "iterations{}",
      attempt.a + 1, attempt.b + 1, attempt.attempt, end.distance, d.images, d.max_iterations,
      first_band && settings_.connect.first_band ? " (NEWNEB, first band)" : "");
  const std::size_t before = potential_.counts().gradient;
  DoublyNudgedElasticBand band(potential_, d);
  DnebResult neb = band.run(minima_[attempt.a].coords, end.coords);
  ++bands_;
  log_.info("DNEB: {} ({} gradient evaluations)", neb.report(),
            potential_.counts().gradient - before);
  log_.info("{}", neb.candidates_report());
  return neb;
}

void NewConnect::log_candidate(const RefinedCandidate& c) {
  log_.info("candidate image {}: {} ({} gradient evaluations)", c.image, c.search.report(),
            c.gradient_calls);
  if (c.fate == CandidateFate::kKnown)
    log_.info("candidate image {}: the same transition state as TS {}", c.image, c.same_as + 1);
  else if (c.fate == CandidateFate::kRepeat)
    log_.info("candidate image {}: the same transition state as the one of an earlier image",
              c.image);
}

ConnectionAttempt NewConnect::try_pair(std::size_t a, std::size_t b, bool first_band) {
  ConnectionAttempt attempt;
  attempt.a = a;
  attempt.b = b;
  attempt.attempt = graph_.attempts(a, b) + 1;
  graph_.record_attempt(a, b);

  // Phase: the band between the two minima, the second in closest coincidence with the first
  const AlignedStructure end = metric_.align(minima_[a].coords, minima_[b].coords);
  const DnebResult neb = run_band(attempt, end, first_band);
  attempt.images = static_cast<int>(neb.images.size()) - 2;
  attempt.band = neb.status;
  attempt.candidates = neb.candidates.size();

  // Phase: its candidates refined into transition states not known yet
  const TsRefinement refined = refine_candidates(
      potential_, settings_.transition_state, atoms_, metric_, neb,
      [this](const HefResult& r) { return known_transition_state(r); },
      [this](const RefinedCandidate& c) { log_candidate(c); });
  attempt.transition_states = refined.new_states.size();
  log_.info("DNEB run yielded {} new transition state{}", attempt.transition_states,
            attempt.transition_states == 1 ? "" : "s");

  // Phase: each new transition state traced to its minima, which join the known ones
  for (std::size_t k = 0; k < refined.new_states.size(); ++k)
    attempt.kept += add_transition_state(refined.transition_state(k)) ? 1 : 0;

  // Phase: the candidates that converged to saddles of higher index, stepped off
  for (const RefinedCandidate& c : refined.candidates)
    if (converged_to_higher_index(c.search)) step_off(c, attempt);
  if (graph_.connected(a, b))
    attempt.status = AttemptStatus::kJoined;
  else if (attempt.kept > 0)
    attempt.status = AttemptStatus::kNewTransitionStates;
  else if (attempt.transition_states > 0)
    attempt.status = AttemptStatus::kNoValidPath;
  else if (attempt.candidates > 0)
    attempt.status = AttemptStatus::kNoNewTransitionState;
  else
    attempt.status = AttemptStatus::kNoCandidates;
  return attempt;
}

std::optional<std::size_t> NewConnect::known_transition_state(const HefResult& r) const {
  for (std::size_t k = 0; k < ts_.size(); ++k)
    if (metric_.same(r.x, r.energy, ts_[k].point.coords, ts_[k].point.energy)) return k;
  return std::nullopt;
}

void NewConnect::step_off(const RefinedCandidate& c, ConnectionAttempt& attempt) {
  const HefResult& s = c.search;
  const std::size_t index = s.modes.n_negative;
  ++attempt.higher_index;
  for (std::size_t k = 0; k < higher_index_.size(); ++k)
    if (metric_.same(s.x, s.energy, higher_index_[k].coords, higher_index_[k].energy)) {
      log_.info(
          "candidate image {} converged to an index-{} saddle at E= {:.10f}, the one stepped off "
          "before (higher-index saddle {}): not stepped off again",
          c.image, index, s.energy, k + 1);
      return;
    }
  StationaryPoint saddle;
  saddle.coords = s.x;
  saddle.energy = s.energy;
  saddle.n_negative = index;
  higher_index_.push_back(saddle);
  const std::size_t number = higher_index_.size();

  const std::size_t before = potential_.counts().gradient;
  const PathTracerSettings& t = tracer_.settings();
  StepOffOptions o;
  o.displacement = t.pathway.pushoff;
  o.minimisation = t.pathway.minimisation;
  o.search = settings_.transition_state;
  o.cluster = atoms_;
  o.numerical_hessian = t.numerical_hessian;
  const HigherIndexStepOff so = step_off_higher_index(potential_, s.x, o);
  std::string values;
  for (const double v : so.eigenvalues) values += fmt::format(" {:.6e}", v);
  log_.info(
      "candidate image {} converged to an index-{} saddle at E= {:.10f} (higher-index saddle {}); "
      "stepping off along its {} negative modes (eigenvalues{}) by {:g} both ways: {} "
      "minimisations, {} transition-state searches along the lowest mode",
      c.image, index, s.energy, number, so.index(), values, o.displacement, so.minima.size(),
      so.searches.size());
  if (so.index() < 2)
    log_.warn("higher-index saddle {}: {} negative modes found again: nothing to step off", number,
              so.index());

  // Phase: the minima of the displaced structures join the known minima
  std::size_t new_minima = 0;
  for (const StepOffMinimum& m : so.minima) {
    const std::string label = fmt::format("step-off {}{} of higher-index saddle {}",
                                          m.start.sign > 0 ? '+' : '-', m.start.mode + 1, number);
    if (!m.result.converged()) {
      log_.warn("{}: minimisation {} ({} gradient evaluations): not kept", label, m.result.report(),
                m.gradient_calls);
      continue;
    }
    const StationaryPoint p = characterise(potential_, m.x, atoms_, t.numerical_hessian);
    if (p.n_negative != 0) {
      log_.warn(
          "{}: minimised to E= {:.10f}, a point with {} negative Hessian eigenvalues: not kept",
          label, p.energy, p.n_negative);
      continue;
    }
    if (atoms_ && t.radius && max_radius(p.coords) > *t.radius) {
      log_.warn(
          "{}: minimised to E= {:.10f} with an atom beyond RADIUS {:g} (evaporated): not kept",
          label, p.energy, *t.radius);
      continue;
    }
    bool is_new = false;
    const std::size_t k = place_minimum(p, is_new);
    new_minima += is_new ? 1 : 0;
    log_.info("{}: from E= {:.10f} minimised to E= {:.10f} ({} gradient evaluations): {}", label,
              m.start.energy, p.energy, m.gradient_calls,
              is_new ? fmt::format("new minimum {}", k + 1)
                     : fmt::format("known minimum {} ({} set)", k + 1, to_string(set_of(k))));
  }
  attempt.stepped_off_minima += new_minima;

  // Phase: the index-one saddles found from the displacements along the extra modes
  std::size_t kept = 0;
  std::vector<const HefResult*> tried;
  for (const StepOffSearch& r : so.searches) {
    const std::string label = fmt::format("search from step-off {}{} of higher-index saddle {}",
                                          r.start.sign > 0 ? '+' : '-', r.start.mode + 1, number);
    log_.info("{}: {} ({} gradient evaluations)", label, r.search.report(), r.gradient_calls);
    if (!r.search.converged()) continue;
    if (const std::optional<std::size_t> k = known_transition_state(r.search)) {
      log_.info("{}: the same transition state as TS {}", label, *k + 1);
      continue;
    }
    if (std::any_of(tried.begin(), tried.end(), [&](const HefResult* other) {
          return metric_.same(r.search.x, r.search.energy, other->x, other->energy);
        })) {
      log_.info("{}: the same transition state as an earlier search of this step-off", label);
      continue;
    }
    tried.push_back(&r.search);
    ++attempt.transition_states;
    ++attempt.stepped_off_transition_states;
    if (add_transition_state(r.search)) {
      ++attempt.kept;
      ++attempt.stepped_off_kept;
      ++kept;
    }
  }
  const std::size_t spent = potential_.counts().gradient - before;
  step_off_gradient_calls_ += spent;
  log_.info(
      "higher-index saddle {} stepped off: {} new minim{}, {} new transition state{} kept ({} "
      "gradient evaluations)",
      number, new_minima, new_minima == 1 ? "um" : "a", kept, kept == 1 ? "" : "s", spent);
}

bool NewConnect::add_transition_state(const HefResult& r) {
  const std::size_t number = ts_.size() + 1;
  const std::string label = fmt::format("path of TS {}", number);
  const std::size_t before = potential_.counts().gradient;
  const bool files = settings_.path_frames.has_value();
  TracedPath traced =
      tracer_.trace(r, label, dir_, files ? files_(fmt::format("EofS.{}", number)) : "",
                    files ? files_(fmt::format("path.{}.xyz", number)) : "");
  log_.info("{}: {} gradient evaluations", label, potential_.counts().gradient - before);
  if (!traced.valid()) {
    for (const auto& f : traced.faults) log_.warn("{}: {}", label, f);
    log_.warn("{}: not a valid min-TS-min path; the transition state is not kept", label);
    return false;
  }
  bool plus_new = false, minus_new = false;
  const std::size_t plus = place_minimum(traced.plus, plus_new);
  const std::size_t minus = place_minimum(traced.minus, minus_new);
  const ConnectionSet plus_set = set_of(plus), minus_set = set_of(minus);
  ts_.push_back({traced.ts, plus, minus, traced.plus, traced.minus, std::move(traced.pathway)});
  graph_.add_transition_state(number - 1, plus, minus);
  auto describe = [](std::size_t m, bool is_new, ConnectionSet set) {
    return is_new ? fmt::format("new minimum {}", m + 1)
                  : fmt::format("known minimum {} ({} set)", m + 1, to_string(set));
  };
  log_.info("TS {}: E= {:.10f} {} {}: plus side {}; minus side {}{}", number, traced.ts.energy,
            traced.ts.pgorder, traced.ts.point_group, describe(plus, plus_new, plus_set),
            describe(minus, minus_new, minus_set),
            plus == minus ? " (degenerate rearrangement)" : "");
  if (plus != minus) log_joins(number, plus, plus_set, minus, minus_set);
  if (settings_.dump_all_paths) {
    append_path_info_triple(dir_ / files_("path.info"), traced.plus, traced.ts, traced.minus,
                            settings_.with_frequencies);
    log_.info("{}: min-TS-min triple appended to {}", label, files_("path.info"));
  }
  return true;
}

void NewConnect::log_joins(std::size_t number, std::size_t plus, ConnectionSet plus_set,
                           std::size_t minus, ConnectionSet minus_set) {
  constexpr ConnectionSet kU = ConnectionSet::kUnconnected;
  for (const std::size_t m : {plus, minus}) {
    const ConnectionSet before_set = m == plus ? plus_set : minus_set;
    const ConnectionSet now = set_of(m);
    if (before_set == kU && now != kU)
      log_.info("minimum {} joins the {} set", m + 1, to_string(now));
  }
  if (plus_set != minus_set && plus_set != kU && minus_set != kU)
    log_.info("TS {} joins the S and F sets", number);
}

NewConnectResult NewConnect::run(const StationaryPoint& start, const StationaryPoint& finish) {
  const double cpu_at_start = process_cpu_seconds();
  NewConnectResult result;
  minima_ = {start, finish};
  graph_.add_minimum();
  graph_.add_minimum();
  const NewConnectOptions& c = settings_.connect;
  log_.info(
      "NEWCONNECT: at most {} cycles, {} attempts per pair of minima, {:g} images per unit "
      "distance (+{:g} a further attempt, at most {}), {:g} band iterations per image, band RMS "
      "{:g}; pairs chosen by the missing-connection Dijkstra path with cost {}",
      c.max_cycles, c.max_tries, c.image_density, c.image_increment, c.max_images,
      c.iteration_density, c.rms_tolerance,
      c.exponential_cost ? std::string("exp(distance)")
                         : fmt::format("distance^{}", c.cost_exponent));
  if (metric_.same(start.coords, start.energy, finish.coords, finish.energy)) {
    log_.warn(
        "the start and finish points are the same minimum (distance {:.6f}): nothing to connect",
        metric_.distance(start.coords, finish.coords));
    result.status = NewConnectStatus::kSameMinimum;
    result.connected = true;
    result.minima = minima_.size();
    return result;
  }
  bool first_band = true;
  for (int cycle = 1; cycle <= c.max_cycles; ++cycle) {
    if (interrupt_signal() != 0) {
      log_.info("interrupted before cycle {}: path.info keeps the transition states found so far",
                cycle);
      result.status = NewConnectStatus::kInterrupted;
      break;
    }
    if (const double used = process_cpu_seconds() - cpu_at_start;
        c.cpu_time_limit && used > *c.cpu_time_limit) {
      log_.info(
          "TIMELIMIT: {:.2f} s of CPU time used (limit {:g} s) before cycle {}: path.info keeps "
          "the transition states found so far",
          used, *c.cpu_time_limit, cycle);
      result.status = NewConnectStatus::kTimeLimit;
      break;
    }
    result.cycles = cycle;
    log_.info(">>>>> connect cycle {}: {} minima and {} transition states known", cycle,
              minima_.size(), ts_.size());
    const auto path = graph_.missing_connection_path(
        0, 1, c.max_tries, [this](std::size_t a, std::size_t b) { return pair_cost(a, b); });
    if (!path) {
      log_.warn("no pair of minima is left to try (every pair on every path tried {} times)",
                c.max_tries);
      result.status = NewConnectStatus::kNoPairLeft;
      break;
    }
    std::string pairs;
    for (const auto& [a, b] : path->missing)
      pairs += fmt::format(" {}-{} ({:.4f})", a + 1, b + 1, pair_distance(a, b));
    log_.info(
        "Dijkstra: the shortest path has {} steps with {} missing connections, weight= {:.4f}; "
        "pairs to connect (distance):{}",
        path->minima.size() - 1, path->missing.size(), path->weight, pairs);
    for (const auto& [a, b] : path->missing) {
      result.attempts.push_back(try_pair(a, b, first_band));
      first_band = false;
      if (graph_.connected(0, 1)) break;
    }
    if (graph_.connected(0, 1)) break;
  }
  conclude(result);
  return result;
}

void NewConnect::conclude(NewConnectResult& result) {
  result.bands = bands_;
  result.connected = graph_.connected(0, 1);
  result.minima = minima_.size();
  result.transition_states = ts_.size();
  result.higher_index_saddles = higher_index_.size();
  result.step_off_gradient_calls = step_off_gradient_calls_;
  if (result.connected) result.status = NewConnectStatus::kConnected;
  if (!result.connected) {
    log_.warn(
        "the start and finish minima were not connected after {} cycles ({} minima and {} "
        "transition states known)",
        result.cycles, minima_.size(), ts_.size());
    return;
  }
  result.path = graph_.known_path(0, 1);
  log_.info(
      "connected path found after {} cycles: {} transition states ({} minima and {} transition "
      "states known)",
      result.cycles, result.path.size(), minima_.size(), ts_.size());
  log_.info("   ts     E(from)        Ets - E(from)        Ets       Ets - E(to)         E(to)");
  for (const auto& step : result.path) {
    const double ef = minima_[step.from].energy, et = minima_[step.to].energy,
                 e = ts_[step.ts].point.energy;
    log_.info("{:5d} {:17.7f} {:12.5g} {:17.7f} {:12.5g} {:17.7f}", step.ts + 1, ef, e - ef, e,
              e - et, et);
  }
  write_connected_path(result.path);
}

void NewConnect::write_connected_path(const std::vector<ConnectionGraph::Step>& path) {
  if (settings_.dump_path && !settings_.dump_all_paths) {
    for (const auto& step : path) {
      const KnownTransitionState& t = ts_[step.ts];
      const bool from_plus = t.plus == step.from;
      append_path_info_triple(dir_ / files_("path.info"), from_plus ? t.plus_point : t.minus_point,
                              t.point, from_plus ? t.minus_point : t.plus_point,
                              settings_.with_frequencies);
    }
    log_.info("DUMPPATH: the {} triples of the connected path written to {} in path order",
              path.size(), files_("path.info"));
  }
  if (!settings_.path_frames) return;
  // Each segment oriented from its first minimum to its second, and (clusters) moved so that its
  // first minimum lies on the previous segment's last one.
  std::string eofs, xyz;
  double offset = 0.0;
  int frame = 1;
  std::vector<double> previous_end;
  for (std::size_t k = 0; k < path.size(); ++k) {
    const KnownTransitionState& t = ts_[path[k].ts];
    const bool from_plus = t.plus == path[k].from;
    Pathway segment = from_plus ? t.pathway : reversed(t.pathway);
    if (atoms_ && !previous_end.empty()) {
      const std::vector<double>& first = segment.plus.minimum();
      ClusterAlignmentOptions o;
      const ClusterAlignment al = align_cluster(previous_end, first, o);
      segment = moved(segment, al, centre_of_mass(first), centre_of_mass(previous_end));
    }
    const auto frames = ordered_frames(segment, true);
    for (std::size_t i = (k == 0 ? 0 : 1); i < frames.size(); ++i)
      eofs += fmt::format("{:25.15f}{:25.15f}{:6d}\n", offset + frames[i].length, frames[i].energy,
                          frame++);
    offset += frames.back().length;
    xyz += format_path_xyz(segment, *settings_.path_frames, atoms_);
    previous_end = segment.minus.minimum();
  }
  write_text_file(dir_ / files_("EofS"), eofs);
  write_text_file(dir_ / files_("path.xyz"), xyz);
  log_.info("the connected path: energy against path length in {}, frames in {}", files_("EofS"),
            files_("path.xyz"));
}

}  // namespace landscape::optim
