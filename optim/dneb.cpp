#include "optim/dneb.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/optimize/lbfgs.hpp"
#include "common/optimize/option_rules.hpp"
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
    for (std::size_t k = 0; k < n; ++k)
      tau[k] = wplus * (next[k] - cur[k]) + wminus * (cur[k] - prev[k]);
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

/// The interior images higher than both neighbours (indices into energies, which include the
/// end points).
std::vector<std::size_t> images_above_neighbours(const std::vector<double>& energies) {
  std::vector<std::size_t> above;
  for (std::size_t i = 1; i + 1 < energies.size(); ++i)
    if (energies[i] > energies[i - 1] && energies[i] > energies[i + 1]) above.push_back(i);
  return above;
}

/// Watches a band's transition-state candidates for DnebOptions::settle_iterations: the images
/// above both neighbours, the iteration at which that set last changed and their energies then.
class CandidateWatch {
 public:
  CandidateWatch(int window, double energy_fraction)
      : window_(window), energy_fraction_(energy_fraction) {}

  /// After an iteration, with the energies of every image: whether the candidates have settled.
  bool settled_after(int iteration, const std::vector<double>& energies) {
    std::vector<std::size_t> now = images_above_neighbours(energies);
    if (now != set_ || now.empty()) {
      set_ = std::move(now);
      energies_.clear();
      for (std::size_t i : set_) energies_.push_back(energies[i]);
      since_ = iteration;
      return false;
    }
    if (iteration - since_ < window_) return false;
    const auto [lo, hi] = std::minmax_element(energies.begin(), energies.end());
    double change = 0.0;
    for (std::size_t c = 0; c < set_.size(); ++c)
      change = std::max(change, std::abs(energies[set_[c]] - energies_[c]));
    if (change <= energy_fraction_ * (*hi - *lo)) return true;
    // Not yet: start a new window from here.
    for (std::size_t c = 0; c < set_.size(); ++c) energies_[c] = energies[set_[c]];
    since_ = iteration;
    return false;
  }

 private:
  int window_;
  double energy_fraction_;
  std::vector<std::size_t> set_;
  std::vector<double> energies_;
  int since_ = 0;
};

/// One band between fixed end points while L-BFGS moves its images: the nudged gradient, the
/// spring constant (ADJUSTK) and the settling of the candidates.
class Band {
 public:
  Band(const Potential& potential, const DnebOptions& options, std::span<const double> start,
       std::span<const double> finish)
      : potential_(potential),
        options_(options),
        start_(start),
        finish_(finish),
        d_(potential.n_dof()),
        m_(static_cast<std::size_t>(options.images)),
        energies_(m_ + 2),
        grads_(m_ * d_),
        tangents_(m_ * d_),
        spacings_(m_ + 1),
        scratch_(d_),
        k_(options.spring_constant) {
    if (start.size() != d_ || finish.size() != d_)
      throw std::invalid_argument("DoublyNudgedElasticBand::run: wrong number of coordinates");
    energies_[0] = potential_.energy_gradient(start, scratch_);
    energies_[m_ + 1] = potential_.energy_gradient(finish, scratch_);
  }

  /// The images evenly spaced on the straight line between the end points, one after the other.
  std::vector<double> straight_line() const {
    std::vector<double> band(m_ * d_);
    for (std::size_t i = 0; i < m_; ++i) {
      const double f = static_cast<double>(i + 1) / static_cast<double>(m_ + 1);
      for (std::size_t k = 0; k < d_; ++k)
        band[i * d_ + k] = start_[k] + f * (finish_[k] - start_[k]);
    }
    return band;
  }

  /// The objective of the L-BFGS minimisation: the sum of the image energies, with the band
  /// gradient in out.
  double gradient(std::span<const double> b, std::span<double> out) {
    double sum = 0.0;
    for (std::size_t i = 1; i <= m_; ++i) {
      energies_[i] =
          potential_.energy_gradient(std::span<const double>(position(b, i), d_),
                                     std::span<double>(grads_.data() + (i - 1) * d_, d_));
      sum += energies_[i];
    }
    for (std::size_t j = 0; j <= m_; ++j)
      spacings_[j] = distance(position(b, j), position(b, j + 1), d_);
    for (std::size_t i = 1; i <= m_; ++i) nudged_gradient(b, i, out.data() + (i - 1) * d_);
    measure_spacings();
    // Once the candidates have settled, report a zero band gradient: the L-BFGS loop, which has
    // no other way to be stopped from outside, then ends here as converged (see result()).
    if (settled_) {
      settled_rms_ =
          std::sqrt(dot(out.data(), out.data(), out.size()) / static_cast<double>(out.size()));
      std::fill(out.begin(), out.end(), 0.0);
    }
    return sum;
  }

  /// ADJUSTK after an iteration. Every trial step is accepted (no energy test), so the last
  /// evaluation is the current band.
  void adjust_spring(int iteration) {
    if (options_.adjust_frequency && iteration % *options_.adjust_frequency == 0)
      k_ = deviation_ > options_.adjust_tolerance ? k_ * options_.adjust_factor
                                                  : k_ / options_.adjust_factor;
  }

  /// Checks after an iteration whether the candidates have settled (settle_iterations).
  void watch_candidates(int iteration) {
    if (options_.settle_iterations && !settled_)
      settled_ = watch_.settled_after(iteration, energies_);
  }

  /// The outcome, once L-BFGS has ended with r at the images band.
  DnebResult result(const MinimizeResult& r, const std::vector<double>& band) const {
    DnebResult result;
    result.iterations = r.iterations;
    result.status = status(r);
    result.rms = result.status == DnebStatus::kSettled ? settled_rms_ : r.rms_gradient;
    result.spring_constant = k_;
    result.spacing_deviation = deviation_;
    result.length = length_;
    result.energies = energies_;
    result.images.reserve(m_ + 2);
    result.images.emplace_back(start_.begin(), start_.end());
    for (std::size_t i = 0; i < m_; ++i)
      result.images.emplace_back(band.begin() + static_cast<std::ptrdiff_t>(i * d_),
                                 band.begin() + static_cast<std::ptrdiff_t>((i + 1) * d_));
    result.images.emplace_back(finish_.begin(), finish_.end());
    for (std::size_t i = 0; i < m_; ++i)
      result.tangents.emplace_back(tangents_.begin() + static_cast<std::ptrdiff_t>(i * d_),
                                   tangents_.begin() + static_cast<std::ptrdiff_t>((i + 1) * d_));
    result.candidates = images_above_neighbours(energies_);
    return result;
  }

 private:
  /// Position of image j (0 .. m+1) inside the band vector b or at the fixed end points.
  const double* position(std::span<const double> b, std::size_t j) const {
    if (j == 0) return start_.data();
    if (j == m_ + 1) return finish_.data();
    return b.data() + (j - 1) * d_;
  }

  /// The band gradient of interior image i into o: g_perp + g_s_par + g_dneb (see dneb.hpp), from
  /// the image gradients and energies just evaluated.
  void nudged_gradient(std::span<const double> b, std::size_t i, double* o) {
    const double* prev = position(b, i - 1);
    const double* cur = position(b, i);
    const double* next = position(b, i + 1);
    double* tau = tangents_.data() + (i - 1) * d_;
    improved_tangent(prev, cur, next, energies_[i - 1], energies_[i], energies_[i + 1], d_, tau);
    const double* g = grads_.data() + (i - 1) * d_;
    const double g_par = dot(g, tau, d_);
    // o = g_perp for now; scratch = spring gradient.
    double spring_par = 0.0;
    for (std::size_t c = 0; c < d_; ++c) {
      o[c] = g[c] - g_par * tau[c];
      scratch_[c] = k_ * (2.0 * cur[c] - prev[c] - next[c]);
      spring_par += scratch_[c] * tau[c];
    }
    // Perpendicular spring gradient with its component along g_perp removed (the double nudge).
    for (std::size_t c = 0; c < d_; ++c) scratch_[c] -= spring_par * tau[c];
    const double perp_norm2 = dot(o, o, d_);
    const double along = perp_norm2 > 0.0 ? dot(scratch_.data(), o, d_) / perp_norm2 : 0.0;
    for (std::size_t c = 0; c < d_; ++c) o[c] += spring_par * tau[c] + (scratch_[c] - along * o[c]);
  }

  /// The band's length and the mean deviation of its spacings, in percent of their mean.
  void measure_spacings() {
    length_ = 0.0;
    for (double s : spacings_) length_ += s;
    const double mean = length_ / static_cast<double>(m_ + 1);
    double dev = 0.0;
    for (double s : spacings_) dev += std::abs(s - mean);
    deviation_ = mean > 0.0 ? 100.0 * dev / (static_cast<double>(m_ + 1) * mean) : 0.0;
  }

  /// A settled band ends as an L-BFGS convergence (on the zero gradient it was given).
  DnebStatus status(const MinimizeResult& r) const {
    if (r.converged()) return settled_ ? DnebStatus::kSettled : DnebStatus::kConverged;
    // A step can only fail on a non-finite energy: the band refuses no rise (max_rise infinite).
    return r.status == MinimizeStatus::kMaxIterations ? DnebStatus::kIterationLimit
                                                      : DnebStatus::kNonFinite;
  }

  const Potential& potential_;
  const DnebOptions& options_;
  std::span<const double> start_, finish_;
  std::size_t d_, m_;
  std::vector<double> energies_;  ///< of every image, end points included
  std::vector<double> grads_, tangents_, spacings_, scratch_;
  double k_;  ///< the spring constant now
  double deviation_ = 0.0, length_ = 0.0;
  CandidateWatch watch_{options_.settle_iterations.value_or(0), options_.settle_energy_fraction};
  bool settled_ = false;
  double settled_rms_ = 0.0;  ///< the true RMS band gradient where the band stopped settled
};

/// The L-BFGS settings of a band: every image moves at once, and no step is refused for raising
/// the energy (the band gradient has no energy of its own).
LbfgsOptions band_lbfgs_options(const DnebOptions& options) {
  LbfgsOptions lo;
  lo.memory = options.memory;
  lo.dguess = options.dguess;
  lo.max_step = options.max_step_per_image * std::sqrt(static_cast<double>(options.images));
  lo.max_rise = std::numeric_limits<double>::infinity();
  lo.rms_tolerance = options.rms_tolerance;
  lo.max_iterations = options.max_iterations;
  return lo;
}

}  // namespace

std::optional<std::string> DnebOptions::validate() const {
  return first_broken(
      {at_least("images", images, 1), at_least("max_iterations", max_iterations, 0),
       non_negative("rms_tolerance", rms_tolerance),
       positive_finite("spring_constant", spring_constant),
       adjust_frequency ? at_least("adjust_frequency", *adjust_frequency, 1) : std::nullopt,
       non_negative("adjust_tolerance", adjust_tolerance),
       positive_finite("adjust_factor", adjust_factor),
       settle_iterations ? at_least("settle_iterations", *settle_iterations, 1) : std::nullopt,
       non_negative("settle_energy_fraction", settle_energy_fraction),
       at_least("memory", memory, 1), positive_finite("dguess", dguess),
       positive_finite("max_step_per_image", max_step_per_image)});
}

std::string_view to_string(DnebStatus status) {
  static constexpr std::array<std::string_view, 4> kNames = {
      "converged", "candidates settled", "iteration limit", "non-finite energy or gradient"};
  return kNames.at(static_cast<std::size_t>(status));
}

std::string DnebResult::report() const {
  return fmt::format(
      "{} iterations ({}): RMS= {:.4f} Dev= {:.2f}% S= {:.4f} k= {:.6g} time= {:.3f} s", iterations,
      to_string(status), rms, spacing_deviation, length, spring_constant, seconds);
}

std::string DnebResult::candidates_report() const {
  std::string list;
  for (std::size_t i : candidates) list += fmt::format(" {}", i);
  return fmt::format("transition-state candidates (images above both neighbours): {}{}",
                     candidates.size(), candidates.empty() ? "" : ", images" + list);
}

DoublyNudgedElasticBand::DoublyNudgedElasticBand(const Potential& potential, DnebOptions options)
    : potential_(potential), options_(options) {
  require_valid("DnebOptions", options_.validate());
}

DnebResult DoublyNudgedElasticBand::run(std::span<const double> start,
                                        std::span<const double> finish) {
  const auto t0 = std::chrono::steady_clock::now();

  // Phase: the end points' energies and the images on the straight line between them
  Band band(potential_, options_, start, finish);
  std::vector<double> images = band.straight_line();

  // Phase: every image minimised at once on the nudged band gradient
  Lbfgs lbfgs(band_lbfgs_options(options_));
  lbfgs.set_callback([&](int iteration, double energy, double rms) {
    band.adjust_spring(iteration);
    if (callback_) callback_(iteration, energy, rms);
    band.watch_candidates(iteration);
  });
  const MinimizeResult r = lbfgs.minimize(
      [&band](std::span<const double> b, std::span<double> out) { return band.gradient(b, out); },
      images);

  // Phase: the outcome
  DnebResult result = band.result(r, images);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace landscape::optim
