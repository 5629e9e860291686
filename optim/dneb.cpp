#include "optim/dneb.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/potential.hpp"

namespace landscape::optim {
namespace {

double dot(const double* a, const double* b, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

double distance(const double* a, const double* b, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

/// Henkelman and Jonsson's tangent at image i from its neighbours' positions and energies:
/// towards the higher neighbour when the energy is monotonic there, otherwise a mix of both sides
/// weighted by the energy differences. Written into tau, normalised.
void improved_tangent(const double* prev, const double* cur, const double* next, double e_prev,
                      double e_cur, double e_next, std::size_t n, double* tau) {
  if (e_next > e_cur && e_cur > e_prev) {
    for (std::size_t k = 0; k < n; ++k) tau[k] = next[k] - cur[k];
  } else if (e_next < e_cur && e_cur < e_prev) {
    for (std::size_t k = 0; k < n; ++k) tau[k] = cur[k] - prev[k];
  } else {
    const double up = std::abs(e_next - e_cur), down = std::abs(e_prev - e_cur);
    const double dmax = std::max(up, down), dmin = std::min(up, down);
    const double wplus = e_next > e_prev ? dmax : dmin;
    const double wminus = e_next > e_prev ? dmin : dmax;
    for (std::size_t k = 0; k < n; ++k) tau[k] = wplus * (next[k] - cur[k]) + wminus * (cur[k] - prev[k]);
  }
  double norm = std::sqrt(dot(tau, tau, n));
  if (norm == 0.0) {
    // Flat and symmetric: fall back on the chord between the neighbours.
    for (std::size_t k = 0; k < n; ++k) tau[k] = next[k] - prev[k];
    norm = std::sqrt(dot(tau, tau, n));
  }
  if (norm > 0.0)
    for (std::size_t k = 0; k < n; ++k) tau[k] /= norm;
}

}  // namespace

DoublyNudgedElasticBand::DoublyNudgedElasticBand(const Potential& potential, DnebOptions options)
    : potential_(potential), options_(options) {
  if (options_.images < 1) throw std::invalid_argument("DoublyNudgedElasticBand: at least one image");
}

DnebResult DoublyNudgedElasticBand::run(std::span<const double> start, std::span<const double> finish) {
  const std::size_t d = potential_.n_dof();
  if (start.size() != d || finish.size() != d)
    throw std::invalid_argument("DoublyNudgedElasticBand::run: wrong number of coordinates");
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t m = static_cast<std::size_t>(options_.images);
  std::vector<double> band(m * d);
  for (std::size_t i = 0; i < m; ++i) {
    const double f = static_cast<double>(i + 1) / static_cast<double>(m + 1);
    for (std::size_t k = 0; k < d; ++k) band[i * d + k] = start[k] + f * (finish[k] - start[k]);
  }
  std::vector<double> energies(m + 2);
  std::vector<double> scratch(d);
  energies[0] = potential_.energy_gradient(start, scratch);
  energies[m + 1] = potential_.energy_gradient(finish, scratch);

  double k = options_.spring_constant;
  std::vector<double> grads(m * d), tangents(m * d), spacings(m + 1);
  double deviation = 0.0, length = 0.0;
  // Position of image j (0 .. m+1) inside the band vector b or at the fixed end points.
  auto position = [&](std::span<const double> b, std::size_t j) -> const double* {
    if (j == 0) return start.data();
    if (j == m + 1) return finish.data();
    return b.data() + (j - 1) * d;
  };
  // Candidate tracking for settle_iterations: the images above both neighbours, the iteration
  // at which that set last changed and their energies then.
  std::vector<std::size_t> settle_set;
  std::vector<double> settle_energies;
  int settle_since = 0;
  bool settled = false;
  double settled_rms = 0.0;  // the true RMS band gradient where the band stopped settled
  auto band_gradient = [&](std::span<const double> b, std::span<double> out) -> double {
    double sum = 0.0;
    for (std::size_t i = 1; i <= m; ++i) {
      energies[i] = potential_.energy_gradient(std::span<const double>(position(b, i), d),
                                               std::span<double>(grads.data() + (i - 1) * d, d));
      sum += energies[i];
    }
    for (std::size_t j = 0; j <= m; ++j) spacings[j] = distance(position(b, j), position(b, j + 1), d);
    for (std::size_t i = 1; i <= m; ++i) {
      const double* prev = position(b, i - 1);
      const double* cur = position(b, i);
      const double* next = position(b, i + 1);
      double* tau = tangents.data() + (i - 1) * d;
      improved_tangent(prev, cur, next, energies[i - 1], energies[i], energies[i + 1], d, tau);
      const double* g = grads.data() + (i - 1) * d;
      double* o = out.data() + (i - 1) * d;
      const double g_par = dot(g, tau, d);
      // o = g_perp for now; scratch = spring gradient.
      double spring_par = 0.0;
      for (std::size_t c = 0; c < d; ++c) {
        o[c] = g[c] - g_par * tau[c];
        scratch[c] = k * (2.0 * cur[c] - prev[c] - next[c]);
        spring_par += scratch[c] * tau[c];
      }
      // Perpendicular spring gradient with its component along g_perp removed (the double nudge).
      for (std::size_t c = 0; c < d; ++c) scratch[c] -= spring_par * tau[c];
      const double perp_norm2 = dot(o, o, d);
      const double along = perp_norm2 > 0.0 ? dot(scratch.data(), o, d) / perp_norm2 : 0.0;
      for (std::size_t c = 0; c < d; ++c)
        o[c] += spring_par * tau[c] + (scratch[c] - along * o[c]);
    }
    length = 0.0;
    for (double s : spacings) length += s;
    const double mean = length / static_cast<double>(m + 1);
    double dev = 0.0;
    for (double s : spacings) dev += std::abs(s - mean);
    deviation = mean > 0.0 ? 100.0 * dev / (static_cast<double>(m + 1) * mean) : 0.0;
    // Once the candidates have settled, report a zero band gradient: the L-BFGS loop, which has
    // no other way to be stopped from outside, then ends here as converged (see settled).
    if (settled) {
      settled_rms = std::sqrt(dot(out.data(), out.data(), out.size()) / static_cast<double>(out.size()));
      std::fill(out.begin(), out.end(), 0.0);
    }
    return sum;
  };

  LbfgsOptions lo;
  lo.memory = options_.memory;
  lo.dguess = options_.dguess;
  lo.max_step = options_.max_step_per_image * std::sqrt(static_cast<double>(m));
  lo.max_rise = std::numeric_limits<double>::infinity();
  lo.rms_tolerance = options_.rms_tolerance;
  lo.max_iterations = options_.max_iterations;
  Lbfgs lbfgs(lo);
  lbfgs.set_callback([&](int iteration, double energy, double rms) {
    // Every trial step is accepted (no energy test), so the last evaluation is the current band.
    if (options_.adjust_frequency && iteration % *options_.adjust_frequency == 0)
      k = deviation > options_.adjust_tolerance ? k * options_.adjust_factor : k / options_.adjust_factor;
    if (callback_) callback_(iteration, energy, rms);
    if (options_.settle_iterations && !settled) {
      std::vector<std::size_t> now;
      for (std::size_t i = 1; i <= m; ++i)
        if (energies[i] > energies[i - 1] && energies[i] > energies[i + 1]) now.push_back(i);
      if (now != settle_set || now.empty()) {
        settle_set = std::move(now);
        settle_energies.clear();
        for (std::size_t i : settle_set) settle_energies.push_back(energies[i]);
        settle_since = iteration;
      } else if (iteration - settle_since >= *options_.settle_iterations) {
        const auto [lo, hi] = std::minmax_element(energies.begin(), energies.end());
        double change = 0.0;
        for (std::size_t c = 0; c < settle_set.size(); ++c)
          change = std::max(change, std::abs(energies[settle_set[c]] - settle_energies[c]));
        if (change <= options_.settle_energy_fraction * (*hi - *lo)) {
          settled = true;
        } else {  // not yet: start a new window from here
          for (std::size_t c = 0; c < settle_set.size(); ++c) settle_energies[c] = energies[settle_set[c]];
          settle_since = iteration;
        }
      }
    }
  });
  const MinimizeResult r = lbfgs.minimize(band_gradient, band);

  DnebResult result;
  result.iterations = r.iterations;
  result.settled = settled && r.converged();
  result.converged = r.converged() && !result.settled;
  result.rms = result.settled ? settled_rms : r.rms_gradient;
  result.spring_constant = k;
  result.spacing_deviation = deviation;
  result.length = length;
  result.energies = energies;
  result.images.reserve(m + 2);
  result.images.emplace_back(start.begin(), start.end());
  for (std::size_t i = 0; i < m; ++i)
    result.images.emplace_back(band.begin() + static_cast<std::ptrdiff_t>(i * d),
                               band.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
  result.images.emplace_back(finish.begin(), finish.end());
  for (std::size_t i = 0; i < m; ++i)
    result.tangents.emplace_back(tangents.begin() + static_cast<std::ptrdiff_t>(i * d),
                                 tangents.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
  for (std::size_t i = 1; i <= m; ++i)
    if (energies[i] > energies[i - 1] && energies[i] > energies[i + 1]) result.candidates.push_back(i);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace landscape::optim
