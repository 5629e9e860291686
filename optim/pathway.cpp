#include "optim/pathway.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/potentials/potential.hpp"

namespace landscape::optim {
namespace {

double distance(std::span<const double> a, std::span<const double> b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

PathSide descend(const Potential& potential, std::span<const double> ts, double ts_energy,
                 std::span<const double> v, double sign, const PathwayOptions& options) {
  const std::size_t n = ts.size();
  PathSide side;
  side.frames.emplace_back(ts.begin(), ts.end());
  side.energies.push_back(ts_energy);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = ts[i] + sign * options.pushoff * v[i];
  std::vector<double> last_x(n);
  double last_e = 0.0;
  bool first = true;
  auto f = [&](std::span<const double> at, std::span<double> g) {
    const double e = potential.energy_gradient(at, g);
    std::copy(at.begin(), at.end(), last_x.begin());
    last_e = e;
    if (first) {
      side.frames.emplace_back(at.begin(), at.end());
      side.energies.push_back(e);
      first = false;
    }
    return e;
  };
  Lbfgs lbfgs(options.minimisation);
  // After an accepted step the last evaluation is the new iterate.
  lbfgs.set_callback([&](int, double, double) {
    side.frames.push_back(last_x);
    side.energies.push_back(last_e);
  });
  side.result = lbfgs.minimize(f, x);
  if (distance(side.frames.back(), x) != 0.0) {
    side.frames.push_back(x);
    side.energies.push_back(side.result.energy);
  }
  return side;
}

/// Cumulative path lengths of a side's frames, from the transition state.
std::vector<double> lengths(const PathSide& side) {
  std::vector<double> s(side.frames.size(), 0.0);
  for (std::size_t i = 1; i < s.size(); ++i)
    s[i] = s[i - 1] + distance(side.frames[i], side.frames[i - 1]);
  return s;
}

/// Up to count indices of 1 .. size-1 (the transition state excluded), evenly spaced, the last
/// (the minimum) always included.
std::vector<std::size_t> pick_frames(std::size_t size, long long count) {
  std::vector<std::size_t> out;
  const std::size_t available = size - 1;
  if (available == 0 || count <= 0) return out;
  const auto want =
      static_cast<std::size_t>(std::min<long long>(count, static_cast<long long>(available)));
  for (std::size_t k = 1; k <= want; ++k) {
    const std::size_t idx = (k * available + want - 1) / want;  // ceil(k * available / want)
    if (out.empty() || out.back() != idx) out.push_back(idx);
  }
  return out;
}

}  // namespace

Pathway follow_pathway(const Potential& potential, std::span<const double> ts, double ts_energy,
                       std::span<const double> v, const PathwayOptions& options, bool atoms) {
  if (ts.size() != potential.n_dof() || v.size() != ts.size())
    throw std::invalid_argument("follow_pathway: wrong number of coordinates");
  Pathway path;
  path.ts_energy = ts_energy;
  path.plus = descend(potential, ts, ts_energy, v, +1.0, options);
  path.minus = descend(potential, ts, ts_energy, v, -1.0, options);
  path.length = lengths(path.plus).back() + lengths(path.minus).back();
  const auto& a = path.plus.minimum();
  const auto& b = path.minus.minimum();
  path.distance = distance(a, b);
  if (atoms) {
    double sum2 = 0.0, sum4 = 0.0;
    for (std::size_t i = 0; i + 2 < a.size(); i += 3) {
      const double d2 = (a[i] - b[i]) * (a[i] - b[i]) +
                        (a[i + 1] - b[i + 1]) * (a[i + 1] - b[i + 1]) +
                        (a[i + 2] - b[i + 2]) * (a[i + 2] - b[i + 2]);
      sum2 += d2;
      sum4 += d2 * d2;
    }
    if (sum4 > 0.0) {
      const std::size_t n_atoms = a.size() / 3;
      path.gamma = sum4 * static_cast<double>(n_atoms) / (sum2 * sum2);
      path.cooperativity = sum2 * sum2 / sum4;
    }
  }
  return path;
}

std::vector<PathFrame> ordered_frames(const Pathway& path, bool from_plus) {
  const PathSide& first = from_plus ? path.plus : path.minus;
  const PathSide& second = from_plus ? path.minus : path.plus;
  const auto s1 = lengths(first);
  const auto s2 = lengths(second);
  std::vector<PathFrame> out;
  for (std::size_t i = s1.size(); i-- > 1;)
    out.push_back({&first.frames[i], first.energies[i], s1.back() - s1[i]});
  out.push_back({&first.frames[0], path.ts_energy, s1.back()});
  for (std::size_t i = 1; i < s2.size(); ++i)
    out.push_back({&second.frames[i], second.energies[i], s1.back() + s2[i]});
  return out;
}

std::string format_eofs(const Pathway& path) {
  const auto sp = lengths(path.plus);
  const auto sm = lengths(path.minus);
  std::string out;
  int frame = 1;
  for (std::size_t i = sp.size(); i-- > 1;)
    out += fmt::format("{:25.15f}{:25.15f}{:6d}\n", -sp[i], path.plus.energies[i], frame++);
  out += fmt::format("{:25.15f}{:25.15f}{:6d}\n", 0.0, path.ts_energy, frame++);
  for (std::size_t i = 1; i < sm.size(); ++i)
    out += fmt::format("{:25.15f}{:25.15f}{:6d}\n", sm[i], path.minus.energies[i], frame++);
  return out;
}

void append_frame(std::string& out, std::span<const double> x, double energy, std::string_view what,
                  bool atoms) {
  if (atoms) {
    out += fmt::format("{}\nE= {:.10f} {}\n", x.size() / 3, energy, what);
    for (std::size_t i = 0; i + 2 < x.size(); i += 3)
      out += fmt::format("LA {:20.10f}{:20.10f}{:20.10f}\n", x[i], x[i + 1], x[i + 2]);
  } else {
    const std::size_t lines = (x.size() + 2) / 3;
    out += fmt::format("{}\nE= {:.10f} {}\n", lines, energy, what);
    for (std::size_t l = 0; l < lines; ++l) {
      out += "X ";
      for (std::size_t c = 0; c < 3; ++c) {
        const std::size_t i = 3 * l + c;
        out += fmt::format("{:20.10f}", i < x.size() ? x[i] : 0.0);
      }
      out += '\n';
    }
  }
}

std::string format_path_xyz(const Pathway& path, long long frames_per_side, bool atoms) {
  std::string out;
  const auto plus = pick_frames(path.plus.frames.size(), frames_per_side);
  const auto minus = pick_frames(path.minus.frames.size(), frames_per_side);
  const std::size_t plus_min = path.plus.frames.size() - 1;
  const std::size_t minus_min = path.minus.frames.size() - 1;
  append_frame(out, path.plus.minimum(), path.plus.energy(), "minimum (+)", atoms);
  for (auto it = plus.rbegin(); it != plus.rend(); ++it)
    if (*it != plus_min)
      append_frame(out, path.plus.frames[*it], path.plus.energies[*it], "", atoms);
  append_frame(out, path.plus.frames[0], path.ts_energy, "transition state", atoms);
  for (std::size_t idx : minus)
    if (idx != minus_min)
      append_frame(out, path.minus.frames[idx], path.minus.energies[idx], "", atoms);
  append_frame(out, path.minus.minimum(), path.minus.energy(), "minimum (-)", atoms);
  return out;
}

std::string format_path_summary(const Pathway& path) {
  const double ep = path.plus.energy(), em = path.minus.energy(), ets = path.ts_energy;
  return fmt::format("{:17.7f}{:12.5g}{:17.7f}{:12.5g}{:17.7f}{:8.3f}{:8.3f}{:8.3f}{:8.3f}", ep,
                     ets - ep, ets, ets - em, em, path.length, path.distance, path.gamma,
                     path.cooperativity);
}

}  // namespace landscape::optim
