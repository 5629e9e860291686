#include "common/geometry/point_group.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"

namespace landscape {
namespace {

using Matrix = std::array<double, 9>;

struct Vec {
  double x = 0, y = 0, z = 0;
};

Vec atom(const std::vector<double>& c, std::size_t i) {
  return {c[3 * i], c[3 * i + 1], c[3 * i + 2]};
}
double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double norm(Vec a) { return std::sqrt(dot(a, a)); }
Vec cross(Vec a, Vec b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
Vec scaled(Vec a, double s) { return {a.x * s, a.y * s, a.z * s}; }
Vec minus(Vec a, Vec b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }

Matrix multiply(const Matrix& p, const Matrix& q) {
  Matrix r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[3 * i + j] += p[3 * i + k] * q[3 * k + j];
  return r;
}

double determinant(const Matrix& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

double max_difference(const Matrix& a, const Matrix& b) {
  double d = 0.0;
  for (std::size_t k = 0; k < 9; ++k) d = std::max(d, std::abs(a[k] - b[k]));
  return d;
}

/// Rows: unit u, the unit part of v orthogonal to u, and u x v (right-handed).
bool frame_of(Vec u, Vec v, Matrix& rows) {
  const double nu = norm(u);
  if (nu == 0.0) return false;
  const Vec e1 = scaled(u, 1.0 / nu);
  Vec e2 = minus(v, scaled(e1, dot(v, e1)));
  const double n2 = norm(e2);
  if (n2 < 1e-6 * std::max(1.0, norm(v))) return false;
  e2 = scaled(e2, 1.0 / n2);
  const Vec e3 = cross(e1, e2);
  rows = {e1.x, e1.y, e1.z, e2.x, e2.y, e2.z, e3.x, e3.y, e3.z};
  return true;
}

/// The operation taking frame `from` onto frame `to` (rows), the third axis of `to` reversed when
/// mirror is set.
Matrix frame_map(const Matrix& to, const Matrix& from, bool mirror) {
  Matrix q{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        q[3 * i + j] += (mirror && k == 2 ? -1.0 : 1.0) * to[3 * k + i] * from[3 * k + j];
  return q;
}

/// What one operation is.
struct Element {
  enum Kind { kIdentity, kRotation, kInversion, kMirror, kRotoreflection } kind = kIdentity;
  Vec axis;  ///< rotation axis, mirror normal, or rotoreflection axis (unit)
};

/// The axis of a proper rotation m with rotation angle theta.
Vec rotation_axis(const Matrix& m, double cos_theta) {
  Vec a{m[7] - m[5], m[2] - m[6], m[3] - m[1]};
  if (norm(a) > 1e-6 && cos_theta > -0.999) return scaled(a, 1.0 / norm(a));
  // Near pi the antisymmetric part vanishes: the axis is the largest column of m + I.
  Vec best;
  double best_norm = -1.0;
  for (int c = 0; c < 3; ++c) {
    const Vec col{m[c] + (c == 0), m[3 + c] + (c == 1), m[6 + c] + (c == 2)};
    if (norm(col) > best_norm) best_norm = norm(col), best = col;
  }
  return scaled(best, 1.0 / best_norm);
}

Element classify(const Matrix& m) {
  Element e;
  const bool proper = determinant(m) > 0.0;
  Matrix r = m;
  if (!proper)
    for (double& v : r) v = -v;
  const double cos_theta = std::clamp(0.5 * (r[0] + r[4] + r[8] - 1.0), -1.0, 1.0);
  const bool zero_angle = cos_theta > 1.0 - 1e-6;
  const bool half_turn = cos_theta < -1.0 + 1e-6;
  if (proper) {
    e.kind = zero_angle ? Element::kIdentity : Element::kRotation;
  } else if (zero_angle) {
    e.kind = Element::kInversion;  // -I
  } else {
    e.kind = half_turn ? Element::kMirror : Element::kRotoreflection;  // -C2 is a reflection
  }
  if (e.kind != Element::kIdentity && e.kind != Element::kInversion)
    e.axis = rotation_axis(r, cos_theta);
  return e;
}

bool parallel(Vec a, Vec b) { return std::abs(dot(a, b)) > 0.999; }
bool perpendicular(Vec a, Vec b) { return std::abs(dot(a, b)) < 0.02; }

/// Names the group of operations ops (a closed set) as OPTIM spells Schoenflies symbols.
std::string symbol_of(const std::vector<Matrix>& ops) {
  std::vector<Element> elements;
  elements.reserve(ops.size());
  for (const Matrix& m : ops) elements.push_back(classify(m));
  // Proper rotation axes and their orders (rotations about one axis + the identity).
  struct Axis {
    Vec direction;
    int order = 1;
  };
  std::vector<Axis> axes;
  bool inversion = false;
  std::vector<Vec> mirrors;
  int improper_rotations = 0;
  for (const Element& e : elements) {
    switch (e.kind) {
      case Element::kRotation: {
        auto it = std::find_if(axes.begin(), axes.end(),
                               [&](const Axis& a) { return parallel(a.direction, e.axis); });
        if (it == axes.end())
          axes.push_back({e.axis, 2});
        else
          ++it->order;
        break;
      }
      case Element::kInversion:
        inversion = true;
        break;
      case Element::kMirror:
        mirrors.push_back(e.axis);
        break;
      case Element::kRotoreflection:
        ++improper_rotations;
        break;
      case Element::kIdentity:
        break;
    }
  }
  int high = 0, fivefold = 0, fourfold = 0;
  for (const Axis& a : axes) {
    high += a.order >= 3;
    fivefold += a.order == 5;
    fourfold += a.order == 4;
  }
  if (high >= 2) {
    if (fivefold) return inversion ? "I h" : "I";
    if (fourfold) return inversion ? "O h" : "O";
    if (inversion) return "T h";
    return mirrors.empty() ? "T" : "T d";
  }
  if (axes.empty()) {
    if (!mirrors.empty()) return "C s";
    return inversion ? "C i" : "C1";
  }
  const Axis main = *std::max_element(
      axes.begin(), axes.end(), [](const Axis& a, const Axis& b) { return a.order < b.order; });
  const int n = main.order;
  int perpendicular_twofold = 0;
  for (const Axis& a : axes)
    if (a.order == 2 && perpendicular(a.direction, main.direction)) ++perpendicular_twofold;
  bool horizontal = false;
  int vertical = 0;
  for (const Vec& m : mirrors) {
    if (parallel(m, main.direction))
      horizontal = true;
    else if (perpendicular(m, main.direction))
      ++vertical;
  }
  if (perpendicular_twofold >= n) {
    if (horizontal) return fmt::format("D{}h", n);
    return vertical > 0 ? fmt::format("D{}d", n) : fmt::format("D{}", n);
  }
  if (horizontal) return fmt::format("C{}h", n);
  if (vertical > 0) return fmt::format("C{}v", n);
  if (improper_rotations > 0 || inversion) return fmt::format("S{}", 2 * n);
  return fmt::format("C{}", n);
}

/// Whether the product of any two operations is again one of them.
bool closed(const std::vector<Matrix>& ops) {
  for (const Matrix& p : ops)
    for (const Matrix& q : ops) {
      const Matrix pq = multiply(p, q);
      if (std::none_of(ops.begin(), ops.end(),
                       [&](const Matrix& m) { return max_difference(m, pq) < 0.05; }))
        return false;
    }
  return true;
}

Vec transformed(const Matrix& q, Vec p) {
  return {q[0] * p.x + q[1] * p.y + q[2] * p.z, q[3] * p.x + q[4] * p.y + q[5] * p.z,
          q[6] * p.x + q[7] * p.y + q[8] * p.z};
}

/// The atoms of a centred cluster by their distance from the centre (shells within radius_tol).
struct Shells {
  const std::vector<double>& c;
  std::size_t n = 0;
  std::vector<double> r;    ///< distance of each atom from the centre
  double rmax = 0.0;        ///< the largest
  double dmin = 0.0;        ///< the shortest distance between two atoms (infinite for one atom)
  double radius_tol = 0.0;  ///< atoms whose radii differ by no more are in the same shell
  /// The number of atoms in the shell of atom i.
  std::size_t size(std::size_t i) const {
    std::size_t count = 0;
    for (std::size_t k = 0; k < n; ++k) count += std::abs(r[k] - r[i]) <= radius_tol;
    return count;
  }
};

Shells shells_of(const std::vector<double>& c, double tol) {
  Shells s{c, c.size() / 3, {}};
  s.r.resize(s.n);
  for (std::size_t i = 0; i < s.n; ++i) s.r[i] = norm(atom(c, i));
  s.rmax = *std::max_element(s.r.begin(), s.r.end());
  s.dmin = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < s.n; ++i)
    for (std::size_t j = i + 1; j < s.n; ++j)
      s.dmin = std::min(s.dmin, norm(minus(atom(c, i), atom(c, j))));
  s.radius_tol = 3.0 * tol;
  return s;
}

/// Two atoms that fix the cluster's frame, n for either when there are none: a, away from the
/// centre in the smallest shell (largest radius among equals); b, not collinear with a, again from
/// the smallest shell (the larger sine among equals). Small shells leave few images to try.
std::pair<std::size_t, std::size_t> reference_atoms(const Shells& s, double tol) {
  const std::size_t n = s.n;
  const std::vector<double>& r = s.r;
  const double off_centre = std::max(10.0 * tol, 1e-3 * s.rmax);
  std::size_t a = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (r[i] <= off_centre) continue;
    if (a == n || s.size(i) < s.size(a) || (s.size(i) == s.size(a) && r[i] > r[a] + s.radius_tol))
      a = i;
  }
  if (a == n) return {n, n};
  auto sine = [&](std::size_t k) {
    return norm(cross(atom(s.c, a), atom(s.c, k))) / (r[a] * r[k]);
  };
  std::size_t b = n;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == a || r[k] <= off_centre || sine(k) < 0.1) continue;
    if (b == n || s.size(k) < s.size(b) || (s.size(k) == s.size(b) && sine(k) > sine(b))) b = k;
  }
  return {a, b};
}

/// Each atom under q onto the nearest atom, which must be within match_tol and not taken: the
/// permutation into perm, or false.
bool match_atoms(const std::vector<double>& c, const Matrix& q, double match_tol,
                 std::vector<std::size_t>& perm, std::vector<char>& used) {
  const std::size_t n = c.size() / 3;
  std::fill(used.begin(), used.end(), char{0});
  for (std::size_t i = 0; i < n; ++i) {
    const Vec y = transformed(q, atom(c, i));
    std::size_t nearest = n;
    double best = match_tol;
    for (std::size_t t = 0; t < n; ++t) {
      const double d = norm(minus(y, atom(c, t)));
      if (d < best) best = d, nearest = t;
    }
    if (nearest == n || used[nearest]) return false;
    used[nearest] = 1, perm[i] = nearest;
  }
  return true;
}

/// The operation of the given handedness that best takes every atom onto its image under perm
/// (refitted to all atoms), when it does so within tol.
std::optional<Matrix> refitted_operation(const std::vector<double>& c,
                                         const std::vector<std::size_t>& perm, bool mirror,
                                         double tol, std::vector<double>& target) {
  const std::size_t n = c.size() / 3;
  for (std::size_t i = 0; i < n; ++i)
    for (int t = 0; t < 3; ++t) target[3 * i + t] = c[3 * perm[i] + t];
  Matrix m;
  best_orthogonal_transform(target, c, mirror ? Handedness::kImproper : Handedness::kProper, m);
  double worst = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    worst = std::max(worst, norm(minus(transformed(m, atom(c, i)), atom(c, perm[i]))));
  if (worst > tol) return std::nullopt;
  return m;
}

/// The symmetry operations of the centred cluster c within tolerance tol: every operation that
/// takes the frame of the reference atoms a, b onto that of a pair of atoms j, k like them (same
/// shells, same distance), proper or with a mirror, and maps the whole cluster onto itself.
std::vector<Matrix> operations(const std::vector<double>& c, double tol) {
  // Phase: the shells and the reference atoms
  const Shells s = shells_of(c, tol);
  const std::size_t n = s.n;
  const auto [a, b] = reference_atoms(s, tol);
  std::vector<Matrix> found;
  Matrix from;
  if (a == n || b == n || !frame_of(atom(c, a), atom(c, b), from)) return found;
  const double dab = norm(minus(atom(c, a), atom(c, b)));
  const double match_tol = std::isfinite(s.dmin) ? 0.25 * s.dmin : s.rmax;

  // Phase: every image j, k of the reference pair, with and without a mirror
  std::vector<double> target(c.size());
  std::vector<std::size_t> perm(n);
  std::vector<char> used(n);
  for (std::size_t j = 0; j < n; ++j) {
    if (std::abs(s.r[j] - s.r[a]) > s.radius_tol) continue;
    for (std::size_t k = 0; k < n; ++k) {
      if (k == j || std::abs(s.r[k] - s.r[b]) > s.radius_tol) continue;
      if (std::abs(norm(minus(atom(c, j), atom(c, k))) - dab) > 4.0 * tol) continue;
      Matrix to;
      if (!frame_of(atom(c, j), atom(c, k), to)) continue;
      for (const bool mirror : {false, true}) {
        if (!match_atoms(c, frame_map(to, from, mirror), match_tol, perm, used)) continue;
        const std::optional<Matrix> m = refitted_operation(c, perm, mirror, tol, target);
        if (m && std::none_of(found.begin(), found.end(),
                              [&](const Matrix& f) { return max_difference(f, *m) < 0.05; }))
          found.push_back(*m);
      }
    }
  }
  return found;
}

}  // namespace

PointGroup point_group(std::span<const double> x, const PointGroupOptions& options) {
  PointGroup group;
  group.operations = {{1, 0, 0, 0, 1, 0, 0, 0, 1}};
  const std::size_t n = x.size() / 3;
  if (n < 2) return group;
  std::vector<double> c(x.begin(), x.end());
  move_to_centre(c);
  const double tol = options.distance_tolerance;

  // Linear: every atom within tol of the line through the centre and the farthest atom.
  std::size_t far = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (norm(atom(c, i)) > norm(atom(c, far))) far = i;
  const Vec dir = scaled(atom(c, far), 1.0 / norm(atom(c, far)));
  bool linear = true;
  for (std::size_t i = 0; i < n && linear; ++i) linear = norm(cross(atom(c, i), dir)) <= tol;
  if (linear) {
    // Centrosymmetric when every atom has a partner at minus its position.
    bool centrosymmetric = true;
    for (std::size_t i = 0; i < n && centrosymmetric; ++i) {
      bool partner = false;
      for (std::size_t j = 0; j < n && !partner; ++j)
        partner = norm(minus(scaled(atom(c, i), -1.0), atom(c, j))) <= tol;
      centrosymmetric = partner;
    }
    group.order = centrosymmetric ? 2 : 1;
    group.symbol = centrosymmetric ? "D*h" : "C*v";
    return group;
  }

  for (double t = tol; t >= 1e-3 * tol; t /= 10.0) {
    std::vector<Matrix> ops = operations(c, t);
    if (ops.empty() || !closed(ops)) continue;
    group.order = static_cast<int>(ops.size());
    group.symbol = symbol_of(ops);
    group.operations = std::move(ops);
    return group;
  }
  return group;
}

}  // namespace landscape
