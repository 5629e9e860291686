#include "pathsample/heat_capacity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace landscape::pathsample {
namespace {

constexpr int kTerms = HarmonicSuperposition::kTerms;
/// Bins with fewer minima are summed directly (a Taylor bin costs about three direct terms).
constexpr std::size_t kMinBinSize = 4;
/// Terms whose exponent is this far below the largest are negligible (e^-45 ~ 3e-20).
constexpr double kNegligible = 45.0;

double inverse_factorial(int k) {
  double f = 1.0;
  for (int i = 2; i <= k; ++i) f *= i;
  return 1.0 / f;
}

}  // namespace

HarmonicSuperposition::HarmonicSuperposition(std::vector<double> energies,
                                             std::vector<double> ln_weights, double kappa)
    : energies_(std::move(energies)), ln_weights_(std::move(ln_weights)), kappa_(kappa) {
  const std::size_t n = energies_.size();
  if (n == 0) return;
  std::vector<std::pair<double, double>> sorted(n);  // (energy, ln weight), by energy
  for (std::size_t a = 0; a < n; ++a) sorted[a] = {energies_[a], ln_weights_[a]};
  std::sort(sorted.begin(), sorted.end());
  energy_shift_ = sorted.front().first;
  weight_shift_ = *std::max_element(ln_weights_.begin(), ln_weights_.end());
  v_.resize(n);
  w_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    v_[i] = sorted[i].first - energy_shift_;
    w_[i] = sorted[i].second - weight_shift_;
  }
}

double HarmonicSuperposition::ln_weight(double lnprodfreq, int pgorder) {
  return -0.5 * lnprodfreq - std::log(static_cast<double>(pgorder));
}

void HarmonicSuperposition::build_bins(double width) const {
  if (width == bin_width_) return;
  bin_width_ = width;
  bins_.clear();
  direct_.clear();
  const std::size_t n = v_.size();
  std::vector<double> inv_fact(kTerms + 2);
  for (int k = 0; k < kTerms + 2; ++k) inv_fact[static_cast<std::size_t>(k)] = inverse_factorial(k);
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && v_[end] - v_[begin] <= width) ++end;
    if (end - begin < kMinBinSize) {
      for (std::size_t i = begin; i < end; ++i) direct_.push_back(i);
    } else {
      Bin b;
      b.centre = 0.5 * (v_[begin] + v_[end - 1]);
      b.half_width = 0.5 * (v_[end - 1] - v_[begin]);
      b.ln_scale = *std::max_element(w_.begin() + static_cast<long>(begin),
                                     w_.begin() + static_cast<long>(end));
      b.ln_count = std::log(static_cast<double>(end - begin));
      for (std::size_t i = begin; i < end; ++i) {
        const double d = v_[i] - b.centre;
        double term = std::exp(w_[i] - b.ln_scale);
        for (int k = 0; k < kTerms + 2; ++k) {
          b.moment[k] += term * inv_fact[static_cast<std::size_t>(k)];
          term *= d;
        }
      }
      bins_.push_back(b);
    }
    begin = end;
  }
}

void HarmonicSuperposition::evaluate(std::span<const double> temperatures,
                                     std::span<HeatCapacityPoint> out) const {
  // Per bin, with m_k = moment[k] (which holds sum e^(w-s) d^k / k!):
  //   P0 = sum_a e^(w-s) e^(-beta d)     = sum_k (-beta)^k m_k
  //   P1 = sum_a e^(w-s) d e^(-beta d)   = sum_k (-beta)^k (k+1) m_{k+1}
  //   P2 = sum_a e^(w-s) d^2 e^(-beta d) = sum_k (-beta)^k (k+1)(k+2) m_{k+2}
  // and sum_a e^(w-s) e^(-beta V) (V - r)^j follows from V - r = (c - r) + d.
  std::vector<double> f(bins_.size()), p0(bins_.size()), p1(bins_.size()), p2(bins_.size());
  std::vector<double> t_direct(direct_.size());
  for (std::size_t it = 0; it < temperatures.size(); ++it) {
    const double T = temperatures[it];
    const double beta = 1.0 / T;
    // The log-sum-exp shift: within 1/2 of the largest exponent (a bin's heaviest minimum lies
    // within half_width of its centre, and beta half_width <= 1/2).
    double top = -std::numeric_limits<double>::infinity();
    for (const Bin& b : bins_) top = std::max(top, b.ln_scale - beta * b.centre);
    for (std::size_t i : direct_) top = std::max(top, w_[i] - beta * v_[i]);
    const double cut = top - kNegligible;
    double s0 = 0.0, s1 = 0.0;
    for (std::size_t j = 0; j < bins_.size(); ++j) {
      const Bin& b = bins_[j];
      f[j] = 0.0;
      if (b.ln_scale - beta * (b.centre - b.half_width) + b.ln_count < cut) continue;
      double a0 = 0.0, a1 = 0.0, a2 = 0.0;
      for (int k = kTerms - 1; k >= 0; --k) {  // Horner in (-beta)
        a0 = a0 * -beta + b.moment[k];
        a1 = a1 * -beta + (k + 1) * b.moment[k + 1];
        a2 = a2 * -beta + (k + 1) * (k + 2) * b.moment[k + 2];
      }
      f[j] = std::exp(b.ln_scale - beta * b.centre - top);
      p0[j] = a0;
      p1[j] = a1;
      p2[j] = a2;
      s0 += f[j] * a0;
      s1 += f[j] * (b.centre * a0 + a1);
    }
    for (std::size_t j = 0; j < direct_.size(); ++j) {
      const std::size_t i = direct_[j];
      const double e = w_[i] - beta * v_[i];
      t_direct[j] = e < cut ? 0.0 : std::exp(e - top);
      s0 += t_direct[j];
      s1 += t_direct[j] * v_[i];
    }
    const double mean = s1 / s0;
    // The variance about the mean, bin by bin, so that no large moments cancel.
    double s2 = 0.0;
    for (std::size_t j = 0; j < bins_.size(); ++j) {
      if (f[j] == 0.0) continue;
      const double u = bins_[j].centre - mean;
      s2 += f[j] * (u * u * p0[j] + 2.0 * u * p1[j] + p2[j]);
    }
    for (std::size_t j = 0; j < direct_.size(); ++j) {
      const double u = v_[direct_[j]] - mean;
      s2 += t_direct[j] * u * u;
    }
    const double var = std::max(0.0, s2 / s0);
    out[it] = {T, kappa_ + var * beta * beta, mean + energy_shift_, var};
  }
}

std::vector<HeatCapacityPoint> HarmonicSuperposition::heat_capacity(
    std::span<const double> temperatures, unsigned n_threads) const {
  std::vector<HeatCapacityPoint> out(temperatures.size());
  if (temperatures.empty() || v_.empty()) return out;
  const double t_min = *std::min_element(temperatures.begin(), temperatures.end());
  build_bins(t_min);
  if (n_threads == 0) n_threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t work = (bins_.size() * 3 * kTerms + direct_.size() * 8) * temperatures.size();
  if (work < 2'000'000) n_threads = 1;  // not worth a thread
  n_threads = static_cast<unsigned>(std::min<std::size_t>(n_threads, temperatures.size()));
  if (n_threads <= 1) {
    evaluate(temperatures, out);
    return out;
  }
  std::vector<std::thread> threads;
  const std::size_t chunk = (temperatures.size() + n_threads - 1) / n_threads;
  for (unsigned t = 0; t < n_threads; ++t) {
    const std::size_t begin = t * chunk;
    const std::size_t end = std::min(temperatures.size(), begin + chunk);
    if (begin >= end) break;
    threads.emplace_back([this, temperatures, &out, begin, end] {
      evaluate(temperatures.subspan(begin, end - begin),
               std::span(out).subspan(begin, end - begin));
    });
  }
  for (auto& th : threads) th.join();
  return out;
}

OccupationChange HarmonicSuperposition::occupation_change(double temperature,
                                                          double fraction) const {
  OccupationChange r;
  r.temperature = temperature;
  const std::size_t n = energies_.size();
  r.dp_dt.assign(n, 0.0);
  if (n == 0) return r;
  const double beta = 1.0 / temperature;
  std::vector<double> e(n);
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < n; ++a) {
    e[a] = ln_weights_[a] - weight_shift_ - beta * (energies_[a] - energy_shift_);
    top = std::max(top, e[a]);
  }
  double z = 0.0, s1 = 0.0;
  for (std::size_t a = 0; a < n; ++a) {
    e[a] = std::exp(e[a] - top);
    z += e[a];
    s1 += e[a] * (energies_[a] - energy_shift_);
  }
  const double mean = s1 / z;
  std::vector<std::size_t> plus, minus;
  double sum_plus = 0.0, sum_minus = 0.0;
  for (std::size_t a = 0; a < n; ++a) {
    r.dp_dt[a] = e[a] / z * (energies_[a] - energy_shift_ - mean) * beta * beta;
    if (r.dp_dt[a] > 0.0) {
      plus.push_back(a);
      sum_plus += r.dp_dt[a];
    } else if (r.dp_dt[a] < 0.0) {
      minus.push_back(a);
      sum_minus -= r.dp_dt[a];
    }
  }
  r.sum_abs = sum_plus + sum_minus;
  auto by_magnitude = [&](std::size_t a, std::size_t b) {
    const double x = std::fabs(r.dp_dt[a]), y = std::fabs(r.dp_dt[b]);
    return x != y ? x > y : a < b;
  };
  auto take = [&](std::vector<std::size_t>& list, double total, std::vector<std::size_t>& into) {
    std::sort(list.begin(), list.end(), by_magnitude);
    double sum = 0.0;
    for (std::size_t a : list) {
      if (sum >= fraction * total) break;
      into.push_back(a);
      sum += std::fabs(r.dp_dt[a]);
    }
  };
  take(plus, sum_plus, r.plus);
  take(minus, sum_minus, r.minus);
  return r;
}

std::vector<double> temperature_grid(double t_min, double t_max, double t_inc) {
  const auto steps = static_cast<std::size_t>(std::floor((t_max - t_min) / t_inc + 1e-9));
  std::vector<double> grid;
  grid.reserve(steps + 1);
  for (std::size_t i = 0; i <= steps; ++i) {
    const double t = t_min + static_cast<double>(i) * t_inc;
    grid.push_back(std::stod(fmt::format("{:.12g}", t)));
  }
  return grid;
}

std::vector<HeatCapacityPeak> find_peaks(const std::vector<HeatCapacityPoint>& cv,
                                         double relative_prominence) {
  std::vector<HeatCapacityPeak> peaks;
  const std::size_t n = cv.size();
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double c = cv[i].cv;
    if (!(c > cv[i - 1].cv && c >= cv[i + 1].cv)) continue;
    // Prominence: how far the curve falls on each side before it rises above this point.
    double left = c, right = c;
    for (std::size_t j = i; j-- > 0;) {
      if (cv[j].cv > c) break;
      left = std::min(left, cv[j].cv);
    }
    for (std::size_t j = i + 1; j < n; ++j) {
      if (cv[j].cv > c) break;
      right = std::min(right, cv[j].cv);
    }
    if (c - std::max(left, right) <= relative_prominence * std::fabs(c)) continue;
    // Vertex of the parabola through the point and its neighbours (equal spacing assumed).
    const double a = cv[i - 1].cv, b = cv[i + 1].cv;
    const double h = 0.5 * (cv[i + 1].temperature - cv[i - 1].temperature);
    const double denom = a - 2.0 * c + b;
    double shift = denom < 0.0 ? 0.5 * (a - b) / denom : 0.0;
    shift = std::clamp(shift, -0.5, 0.5);
    peaks.push_back({i, cv[i].temperature + shift * h, c});
  }
  return peaks;
}

std::vector<HeatCapacityPeak> find_shoulders(const std::vector<HeatCapacityPoint>& cv,
                                             double flatness) {
  std::vector<HeatCapacityPeak> shoulders;
  const std::size_t n = cv.size();
  if (n < 5) return shoulders;
  // Slope at grid point i (central differences), i = 1 .. n-2.
  std::vector<double> g(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i)
    g[i] = (cv[i + 1].cv - cv[i - 1].cv) / (cv[i + 1].temperature - cv[i - 1].temperature);
  for (std::size_t i = 2; i + 2 < n; ++i) {
    const double s = g[i];
    const bool rising = s > 0 && s < g[i - 1] && s <= g[i + 1];
    const bool falling = s < 0 && s > g[i - 1] && s >= g[i + 1];
    if (!rising && !falling) continue;
    // The steepest slope of the same sign on each side, within the flank.
    double left = 0.0, right = 0.0;
    for (std::size_t j = i; j-- > 1 && (g[j] > 0) == (s > 0);)
      left = std::max(left, std::fabs(g[j]));
    for (std::size_t j = i + 1; j + 1 < n && (g[j] > 0) == (s > 0); ++j)
      right = std::max(right, std::fabs(g[j]));
    if (std::fabs(s) < (1.0 - flatness) * std::min(left, right))
      shoulders.push_back({i, cv[i].temperature, cv[i].cv});
  }
  return shoulders;
}

}  // namespace landscape::pathsample
