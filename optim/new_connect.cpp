#include "optim/new_connect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/io/logger.hpp"
#include "optim/counting_potential.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/structure_metric.hpp"

namespace landscape::optim {
namespace {

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

NewConnect::NewConnect(CountingPotential& potential, NewConnectSettings settings, bool atoms,
                       const StructureMetric& metric, const PathTracer& tracer, Logger& log,
                       std::filesystem::path dir, FileNameFunction files)
    : potential_(potential),
      settings_(std::move(settings)),
      atoms_(atoms),
      metric_(metric),
      tracer_(tracer),
      log_(log),
      dir_(std::move(dir)),
      files_(std::move(files)) {}

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

std::string NewConnect::set_of(std::size_t m) const {
  if (graph_.connected(m, 0)) return "S";
  if (graph_.connected(m, 1)) return "F";
  return "U";
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

void NewConnect::try_pair(std::size_t a, std::size_t b, bool first_band) {
  const NewConnectOptions& c = settings_.connect;
  const int attempt = graph_.attempts(a, b) + 1;
  graph_.record_attempt(a, b);
  const AlignedStructure end = metric_.align(minima_[a].coords, minima_[b].coords);
  DnebOptions d = settings_.band;
  if (first_band && c.first_band) {
    d.images = c.first_band->images;
    d.max_iterations = c.first_band->iterations;
    d.rms_tolerance = c.first_band->rms_tolerance;
  } else {
    const double density = c.image_density + c.image_increment * (attempt - 1);
    d.images = static_cast<int>(
        std::clamp(std::floor(density * end.distance), 1.0, static_cast<double>(c.max_images)));
    d.max_iterations = static_cast<int>(std::floor(c.iteration_density * d.images));
    d.rms_tolerance = c.rms_tolerance;
  }
  log_.info(
      "DNEB between minima {} and {} (attempt {}, distance {:.4f}): {} images, at most {} "
      "iterations{}",
      a + 1, b + 1, attempt, end.distance, d.images, d.max_iterations,
      first_band && c.first_band ? " (NEWNEB, first band)" : "");
  std::size_t before = potential_.counts().gradient;
  DoublyNudgedElasticBand band(potential_, d);
  const DnebResult neb = band.run(minima_[a].coords, end.coords);
  ++bands_;
  log_.info(
      "DNEB: {} iterations ({}): RMS= {:.4f} Dev= {:.2f}% S= {:.4f} k= {:.6g} time= {:.3f} s ({} "
      "gradient "
      "evaluations)",
      neb.iterations,
      neb.converged ? "converged" : (neb.settled ? "candidates settled" : "iteration limit"),
      neb.rms, neb.spacing_deviation, neb.length, neb.spring_constant, neb.seconds,
      potential_.counts().gradient - before);
  std::string list;
  for (std::size_t i : neb.candidates) list += fmt::format(" {}", i);
  log_.info("transition-state candidates (images above both neighbours): {}{}",
            neb.candidates.size(), neb.candidates.empty() ? "" : ", images" + list);

  std::vector<HefResult> found;
  for (std::size_t i : neb.candidates) {
    before = potential_.counts().gradient;
    HybridEigenvectorFollowing hef(potential_, settings_.transition_state, atoms_);
    HefResult r = hef.run(neb.images[i], neb.tangents[i - 1]);
    const std::size_t calls = potential_.counts().gradient - before;
    if (!r.converged()) {
      if (r.status == HefStatus::kWrongIndex)
        log_.info(
            "candidate image {}: converged after {} steps to E= {:.10f} with {} negative Hessian "
            "eigenvalues: "
            "not a transition state ({} gradient evaluations)",
            i, r.steps, r.energy, r.modes.n_negative, calls);
      else
        log_.info(
            "candidate image {}: no transition state ({}) after {} steps ({} gradient evaluations)",
            i, to_string(r.status), r.steps, calls);
      continue;
    }
    log_.info(
        "candidate image {}: transition state after {} steps: E= {:.10f} lambda= {:.6e} ({} "
        "gradient "
        "evaluations)",
        i, r.steps, r.energy, r.eigen.value, calls);
    bool known = false;
    for (std::size_t k = 0; k < ts_.size() && !known; ++k)
      if (metric_.same(r.x, r.energy, ts_[k].point.coords, ts_[k].point.energy)) {
        log_.info("candidate image {}: the same transition state as TS {}", i, k + 1);
        known = true;
      }
    for (std::size_t k = 0; k < found.size() && !known; ++k)
      if (metric_.same(r.x, r.energy, found[k].x, found[k].energy)) {
        log_.info("candidate image {}: the same transition state as the one of an earlier image",
                  i);
        known = true;
      }
    if (!known) found.push_back(std::move(r));
  }
  log_.info("DNEB run yielded {} new transition state{}", found.size(),
            found.size() == 1 ? "" : "s");

  for (const HefResult& r : found) {
    const std::size_t number = ts_.size() + 1;
    const std::string label = fmt::format("path of TS {}", number);
    before = potential_.counts().gradient;
    const bool files = settings_.path_frames.has_value();
    TracedPath traced =
        tracer_.trace(r, label, dir_, files ? files_(fmt::format("EofS.{}", number)) : "",
                      files ? files_(fmt::format("path.{}.xyz", number)) : "");
    log_.info("{}: {} gradient evaluations", label, potential_.counts().gradient - before);
    if (!traced.valid()) {
      for (const auto& f : traced.faults) log_.warn("{}: {}", label, f);
      log_.warn("{}: not a valid min-TS-min path; the transition state is not kept", label);
      continue;
    }
    bool plus_new = false, minus_new = false;
    const std::size_t plus = place_minimum(traced.plus, plus_new);
    const std::size_t minus = place_minimum(traced.minus, minus_new);
    const std::string plus_set = set_of(plus), minus_set = set_of(minus);
    ts_.push_back({traced.ts, plus, minus, traced.plus, traced.minus, std::move(traced.pathway)});
    graph_.add_transition_state(number - 1, plus, minus);
    auto describe = [](std::size_t m, bool is_new, const std::string& set) {
      return is_new ? fmt::format("new minimum {}", m + 1)
                    : fmt::format("known minimum {} ({} set)", m + 1, set);
    };
    log_.info("TS {}: E= {:.10f} {} {}: plus side {}; minus side {}{}", number, traced.ts.energy,
              traced.ts.pgorder, traced.ts.point_group, describe(plus, plus_new, plus_set),
              describe(minus, minus_new, minus_set),
              plus == minus ? " (degenerate rearrangement)" : "");
    if (plus != minus) {
      for (const std::size_t m : {plus, minus}) {
        const std::string before_set = m == plus ? plus_set : minus_set;
        const std::string now = set_of(m);
        if (before_set == "U" && now != "U") log_.info("minimum {} joins the {} set", m + 1, now);
      }
      if (plus_set != minus_set && plus_set != "U" && minus_set != "U")
        log_.info("TS {} joins the S and F sets", number);
    }
    if (settings_.dump_all_paths) {
      append_path_info_triple(dir_ / files_("path.info"), traced.plus, traced.ts, traced.minus,
                              settings_.with_frequencies);
      log_.info("{}: min-TS-min triple appended to {}", label, files_("path.info"));
    }
  }
}

NewConnectResult NewConnect::run(const StationaryPoint& start, const StationaryPoint& finish) {
  NewConnectResult result;
  minima_ = {start, finish};
  graph_.add_minimum();
  graph_.add_minimum();
  const NewConnectOptions& c = settings_.connect;
  log_.info(
      "NEWCONNECT: at most {} cycles, {} attempts per pair of minima, {:g} images per unit "
      "distance (+{:g} a "
      "further attempt, at most {}), {:g} band iterations per image, band RMS {:g}; pairs chosen "
      "by the "
      "missing-connection Dijkstra path with cost {}",
      c.max_cycles, c.max_tries, c.image_density, c.image_increment, c.max_images,
      c.iteration_density, c.rms_tolerance,
      c.exponential_cost ? std::string("exp(distance)")
                         : fmt::format("distance^{}", c.cost_exponent));
  if (metric_.same(start.coords, start.energy, finish.coords, finish.energy)) {
    log_.warn(
        "the start and finish points are the same minimum (distance {:.6f}): nothing to connect",
        metric_.distance(start.coords, finish.coords));
    result.connected = true;
    return result;
  }
  bool first_band = true;
  for (int cycle = 1; cycle <= c.max_cycles; ++cycle) {
    result.cycles = cycle;
    log_.info(">>>>> connect cycle {}: {} minima and {} transition states known", cycle,
              minima_.size(), ts_.size());
    const auto path = graph_.missing_connection_path(
        0, 1, c.max_tries, [this](std::size_t a, std::size_t b) { return pair_cost(a, b); });
    if (!path) {
      log_.warn("no pair of minima is left to try (every pair on every path tried {} times)",
                c.max_tries);
      break;
    }
    std::string pairs;
    for (const auto& [a, b] : path->missing)
      pairs += fmt::format(" {}-{} ({:.4f})", a + 1, b + 1, pair_distance(a, b));
    log_.info(
        "Dijkstra: the shortest path has {} steps with {} missing connections, weight= {:.4f}; "
        "pairs to "
        "connect (distance):{}",
        path->minima.size() - 1, path->missing.size(), path->weight, pairs);
    for (const auto& [a, b] : path->missing) {
      try_pair(a, b, first_band);
      first_band = false;
      if (graph_.connected(0, 1)) break;
    }
    if (graph_.connected(0, 1)) break;
  }
  report(result);
  return result;
}

void NewConnect::report(NewConnectResult& result) {
  result.bands = bands_;
  result.connected = graph_.connected(0, 1);
  if (!result.connected) {
    log_.warn(
        "the start and finish minima were not connected after {} cycles ({} minima and {} "
        "transition states "
        "known)",
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
