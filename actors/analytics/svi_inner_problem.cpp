#include "actors/analytics/svi_inner_problem.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace g6 {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// The polytope's constraints, by index: the bounds first, then the chords under √(1 − ρ²) in the order of
// their nodes.
constexpr int a_at_most_max = 0;
constexpr int rho_at_most_one = 1;        // d ≤ c
constexpr int rho_at_least_minus_one = 2; // −d ≤ c
constexpr int lee_plus = 3;               // c + d ≤ 2σ: Lee's bound, whose bound moves with σ
constexpr int lee_minus = 4;              // c − d ≤ 2σ
constexpr int first_chord = inner_bound_count;
constexpr int last_chord = first_chord + static_cast<int>(variance_chord_count) - 1;

/// Chord i of √(1 − ρ²), αᵢ + βᵢρ through its values at nodes i and i + 1, as the constraint
/// a + αᵢc + βᵢd ≥ 0.
std::array<inner_constraint, variance_chord_count> make_chords() {
  std::array<inner_constraint, variance_chord_count> chords{};
  auto root = [](double rho) { return std::sqrt(1 - rho * rho); };
  for (size_t i = 0; i < variance_chord_count; ++i) {
    auto from = variance_chord_nodes[i];
    auto to = variance_chord_nodes[i + 1];
    auto slope = (root(to) - root(from)) / (to - from);
    auto intercept = root(from) - slope * from;
    chords[i] = {{-1, -slope, -intercept}, 0};
  }
  return chords;
}
const auto variance_chords = make_chords();

/// The constraints with the problem's bounds; with a_max and σ zero, with the chords, the cone of
/// directions the polytope's faces leave free.
inner_bounds bounds_of(double a_max, double sigma) {
  auto two_sigma = 2 * sigma;
  inner_bounds bounds{};
  bounds[a_at_most_max] = {{1, 0, 0}, a_max};
  bounds[rho_at_most_one] = {{0, 1, -1}, 0};
  bounds[rho_at_least_minus_one] = {{0, -1, -1}, 0};
  bounds[lee_plus] = {{0, 1, 1}, two_sigma};
  bounds[lee_minus] = {{0, -1, 1}, two_sigma};
  return bounds;
}

/// Constraint i of the polytope whose bounded constraints are `bounds`.
const inner_constraint& constraint(const inner_bounds& bounds, size_t i) {
  return i < inner_bound_count ? bounds[i] : variance_chords[i - inner_bound_count];
}

/// Whether constraints i < j can both hold with equality at a feasible x ≠ 0. At a feasible point with
/// c > 0 chord i holds only where ρ = d/c lies on its own segment (the concave interpolant is the smallest
/// of the chords' lines, and each line runs above it off its segment) and a = −c·(αᵢ + βᵢρ) ≤ 0; with
/// c = 0 (so d = 0) only at x = 0. So two chords hold together only at their common node, a chord never
/// with a = a_max (> 0: the quotes' variances are positive), and with ρ = ±1 only the chord ending there.
/// (At x = 0 every chord holds, but x = 0 is never the optimum: since Σωw > 0, a flat smile at a small
/// positive a beats it.)
constexpr bool can_hold_together(int i, int j) {
  if (i >= first_chord)
    return j == i + 1;
  if (j < first_chord)
    return true;
  if (i == a_at_most_max)
    return false;
  if (i == rho_at_most_one)
    return j == last_chord;
  if (i == rho_at_least_minus_one)
    return j == first_chord;
  return true;
}

// The faces of the polytope, as the constraints active on them: every set of one, two or three
// constraints that can hold together, smallest first (sets whose KKT system is singular are skipped). The
// optimum of a convex quadratic over a polytope is the optimum over the affine hull of the face it lies in,
// and the first face whose point is feasible with non-negative multipliers satisfies the KKT conditions: it
// is exact. (Where four constraints hold at once, two chords at their node ρ = 0 and both of Lee's bounds,
// the multipliers are not unique, but some three of the four carry non-negative ones.)
constexpr int no_constraint = -1;
using active_set = std::array<int, 3>;
constexpr std::array<active_set, inner_face_count> make_faces() {
  std::array<active_set, inner_face_count> faces{};
  faces.fill({no_constraint, no_constraint, no_constraint});
  size_t n = 0;
  constexpr int c = static_cast<int>(inner_constraint_count);
  for (int i = 0; i < c; ++i)
    faces[n++] = {i, no_constraint, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      if (can_hold_together(i, j))
        faces[n++] = {i, j, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      for (int k = j + 1; k < c; ++k)
        if (can_hold_together(i, j) && can_hold_together(i, k) && can_hold_together(j, k))
          faces[n++] = {i, j, k};
  return faces;
}
constexpr auto inner_faces = make_faces();

constexpr size_t count_faces() {
  size_t n = 0;
  for (auto& face : inner_faces)
    n += face[0] != no_constraint ? 1 : 0;
  return n;
}
static_assert(count_faces() == inner_face_count, "inner_face_count must count the sets that can hold together");

/// The constraints of each face, one bit each.
using constraint_set = uint32_t;
static_assert(inner_constraint_count <= 32);
constexpr std::array<constraint_set, inner_face_count> make_face_sets() {
  std::array<constraint_set, inner_face_count> sets{};
  for (size_t f = 0; f < inner_face_count; ++f)
    for (auto c : inner_faces[f])
      if (c != no_constraint)
        sets[f] |= constraint_set{1} << c;
  return sets;
}
constexpr auto inner_face_sets = make_face_sets();

double objective(const inner_problem& p, const linear_params& x) {
  double quadratic = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      quadratic += x[i] * p.h[i * 3 + j] * x[j];
  return quadratic - 2 * (p.g[0] * x[0] + p.g[1] * x[1] + p.g[2] * x[2]) + p.e;
}

/// Solves the n×n system (row-major, augmented with the right-hand side in column n) by Gaussian
/// elimination with partial pivoting; false when it is singular.
template <size_t N>
bool solve_in_place(std::array<double, N*(N + 1)>& m, size_t n, std::array<double, N>& out) {
  const size_t cols = n + 1;
  double scale = 0;
  for (size_t i = 0; i < n * cols; ++i)
    scale = std::max(scale, std::abs(m[i]));
  if (!(scale > 0))
    return false;
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::abs(m[r * cols + col]) > std::abs(m[pivot * cols + col]))
        pivot = r;
    if (!(std::abs(m[pivot * cols + col]) > 1e-13 * scale))
      return false;
    if (pivot != col)
      for (size_t c = 0; c < cols; ++c)
        std::swap(m[col * cols + c], m[pivot * cols + c]);
    for (size_t r = col + 1; r < n; ++r) {
      auto factor = m[r * cols + col] / m[col * cols + col];
      for (size_t c = col; c < cols; ++c)
        m[r * cols + c] -= factor * m[col * cols + c];
    }
  }
  for (size_t r = n; r-- > 0;) {
    auto sum = m[r * cols + n];
    for (size_t c = r + 1; c < n; ++c)
      sum -= m[r * cols + c] * out[c];
    out[r] = sum / m[r * cols + r];
  }
  return true;
}

/// The minimum of xᵀHx − 2gᵀx over the affine set where `active` constraints hold with equality: the
/// KKT system [H Nᵀ; N 0]·[x; μ] = [g; bound], eliminated whole. `multipliers_ok` says whether every
/// μ ≥ 0, which makes a feasible x the optimum over the whole polytope (the programme is convex); `lee`
/// gets the multipliers of Lee's bound. False when singular.
bool solve_on_face(const std::array<double, 9>& h, const linear_params& g, const inner_bounds& bounds,
                   const active_set& active, linear_params& x, bool& multipliers_ok, std::array<double, 2>& lee) {
  constexpr size_t max_n = 6;
  std::array<int, 3> rows{};
  size_t count = 0;
  for (auto c : active)
    if (c != no_constraint)
      rows[count++] = c;
  const size_t n = 3 + count;
  const size_t cols = n + 1;
  std::array<double, max_n*(max_n + 1)> m{};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 3; ++j)
      m[i * cols + j] = h[i * 3 + j];
    for (size_t r = 0; r < count; ++r)
      m[i * cols + 3 + r] = constraint(bounds, static_cast<size_t>(rows[r])).n[i];
    m[i * cols + n] = g[i];
  }
  for (size_t r = 0; r < count; ++r) {
    auto& con = constraint(bounds, static_cast<size_t>(rows[r]));
    for (size_t j = 0; j < 3; ++j)
      m[(3 + r) * cols + j] = con.n[j];
    m[(3 + r) * cols + n] = con.bound;
  }
  std::array<double, max_n> solution{};
  if (!solve_in_place<max_n>(m, n, solution))
    return false;
  x = {solution[0], solution[1], solution[2]};
  multipliers_ok = true;
  lee = {0, 0};
  for (size_t r = 0; r < count; ++r) {
    multipliers_ok = multipliers_ok && solution[3 + r] >= -1e-14;
    if (rows[r] == lee_plus || rows[r] == lee_minus)
      lee[static_cast<size_t>(rows[r] - lee_plus)] = solution[3 + r];
  }
  return true;
}

/// Whether x satisfies every constraint to `tolerance`. With a ≥ 0 and |d| ≤ c the chords hold (they are
/// non-negative on [−1, 1]) and need no look, which spares most of the points the search asks about.
bool feasible(const inner_bounds& bounds, const linear_params& x, double tolerance) {
  for (auto& c : bounds)
    if (!(dot(c.n, x) <= c.bound + tolerance))
      return false;
  if (x[0] >= 0 && std::abs(x[1]) <= x[2])
    return true;
  for (auto& c : variance_chords)
    if (!(dot(c.n, x) <= tolerance))
      return false;
  return true;
}

/// The constraints x breaks or lies within `tolerance` of.
constraint_set pressing(const inner_bounds& bounds, const linear_params& x, double tolerance) {
  constraint_set set = 0;
  for (size_t i = 0; i < inner_constraint_count; ++i) {
    auto& c = constraint(bounds, i);
    if (!(dot(c.n, x) <= c.bound - tolerance))
      set |= constraint_set{1} << i;
  }
  return set;
}

} // namespace

bool solve_3x3(const std::array<double, 9>& h, const linear_params& rhs, linear_params& x) {
  auto minor0 = h[4] * h[8] - h[5] * h[7];
  auto minor1 = h[3] * h[8] - h[5] * h[6];
  auto minor2 = h[3] * h[7] - h[4] * h[6];
  auto det = h[0] * minor0 - h[1] * minor1 + h[2] * minor2;
  if (!(std::abs(det) > 1e-13 * std::abs(h[0] * h[4] * h[8])))
    return false;
  auto& g = rhs;
  x[0] = (g[0] * minor0 - h[1] * (g[1] * h[8] - h[5] * g[2]) + h[2] * (g[1] * h[7] - h[4] * g[2])) / det;
  x[1] = (h[0] * (g[1] * h[8] - h[5] * g[2]) - g[0] * minor1 + h[2] * (h[3] * g[2] - g[1] * h[6])) / det;
  x[2] = (h[0] * (h[4] * g[2] - g[1] * h[7]) - h[1] * (h[3] * g[2] - g[1] * h[6]) + g[0] * minor2) / det;
  return true;
}

inner_solver::inner_solver(const inner_problem& p) : p_(p), bounds_(bounds_of(p.a_max, p.sigma)) {
  invertible_ = invert();
  if (invertible_)
    x0_ = times_inverse(p.g);
}

/// Faces are tried from the largest (the unconstrained optimum) down to the vertices; the first feasible
/// point whose multipliers are all non-negative satisfies the KKT conditions and is the optimum. Should
/// rounding leave none, the best feasible candidate is taken.
inner_solution inner_solver::optimum(size_t& hint) {
  auto tolerance = 1e-10 * std::max({p_.a_max, p_.sigma, 1e-12});
  // The unconstrained optimum first: it is the answer whenever it is feasible, which is most of the time
  // near the optimum of (m, σ). When it is not, the optimum's face holds one of the constraints it breaks
  // (were none of those active at the optimum, it would be the optimum under the others alone, which
  // x₀ satisfies and beats): only those faces are tried, a fraction of the polytope's.
  constraint_set wanted = ~constraint_set{0};
  if (invertible_) {
    if (feasible(bounds_, x0_, tolerance))
      return {x0_, p_.e - dot(p_.g, x0_), {0, 0}, inner_face_count}; // x₀ᵀHx₀ = gᵀx₀
    wanted = pressing(bounds_, x0_, tolerance);
  }
  inner_solution best{{0, 0, 0}, infinity, {0, 0}, inner_face_count};
  linear_params x{};
  bool multipliers_ok = false;
  std::array<double, 2> lee{};
  if (hint < inner_face_count && solve(hint, bounds_, x0_, x, multipliers_ok, lee) && multipliers_ok
      && feasible(bounds_, x, tolerance))
    return {x, objective(p_, x), lee, hint};
  for (size_t face = 0; face < inner_face_count; ++face) {
    if (!(inner_face_sets[face] & wanted) || !solve(face, bounds_, x0_, x, multipliers_ok, lee)
        || !feasible(bounds_, x, tolerance))
      continue;
    if (multipliers_ok) {
      hint = face;
      return {x, objective(p_, x), lee, face};
    }
    auto value = objective(p_, x);
    if (value < best.value)
      best = {x, value, {0, 0}, inner_face_count};
  }
  return best;
}

/// The same KKT system as the face's optimum, with `rhs` for g and zero bounds: the step that keeps the
/// active constraints active.
bool inner_solver::project(size_t face, const linear_params& rhs, linear_params& s) {
  if (!invertible_) {
    if (face >= inner_face_count)
      return false;
    bool multipliers_ok = false;
    std::array<double, 2> lee{};
    return solve_on_face(p_.h, rhs, bounds_of(0, 0), inner_faces[face], s, multipliers_ok, lee);
  }
  if (face >= inner_face_count) {
    s = times_inverse(rhs);
    return true;
  }
  bool multipliers_ok = false;
  std::array<double, 2> lee{};
  return solve(face, bounds_of(0, 0), times_inverse(rhs), s, multipliers_ok, lee);
}

/// The optimum on the affine hull of `face` under `bounds`, given H⁻¹g (`unconstrained`);
/// `multipliers_ok` says whether every μ ≥ 0, which makes a feasible x the optimum over the whole
/// polytope (the programme is convex); `lee` gets the multipliers of Lee's bound. False when singular.
bool inner_solver::solve(size_t face, const inner_bounds& bounds, const linear_params& unconstrained, linear_params& x,
                         bool& multipliers_ok, std::array<double, 2>& lee) {
  if (!invertible_)
    return solve_on_face(p_.h, p_.g, bounds, inner_faces[face], x, multipliers_ok, lee);
  std::array<size_t, 3> rows{};
  size_t count = 0;
  for (auto c : inner_faces[face])
    if (c != no_constraint)
      rows[count++] = static_cast<size_t>(c);
  std::array<double, 9> schur{};
  linear_params rhs{};
  for (size_t i = 0; i < count; ++i) {
    auto& row = constraint(bounds, rows[i]);
    rhs[i] = dot(row.n, unconstrained) - row.bound;
    for (size_t j = 0; j < count; ++j)
      schur[i * 3 + j] = dot(row.n, inverse_normal(rows[j]));
  }
  linear_params mu{};
  if (count == 1) {
    if (!(schur[0] > 0))
      return false;
    mu[0] = rhs[0] / schur[0];
  } else if (count == 2) {
    auto det = schur[0] * schur[4] - schur[1] * schur[3];
    if (!(std::abs(det) > 1e-13 * std::abs(schur[0] * schur[4])))
      return false;
    mu[0] = (rhs[0] * schur[4] - schur[1] * rhs[1]) / det;
    mu[1] = (schur[0] * rhs[1] - schur[3] * rhs[0]) / det;
  } else if (!solve_3x3(schur, rhs, mu)) {
    return false;
  }
  x = unconstrained;
  multipliers_ok = true;
  lee = {0, 0};
  for (size_t i = 0; i < count; ++i) {
    for (size_t j = 0; j < 3; ++j)
      x[j] -= mu[i] * inverse_normals_[rows[i]][j];
    multipliers_ok = multipliers_ok && mu[i] >= -1e-14;
    if (rows[i] == lee_plus || rows[i] == lee_minus)
      lee[rows[i] - lee_plus] = mu[i];
  }
  return true;
}

const linear_params& inner_solver::inverse_normal(size_t row) {
  if (!has_inverse_normal_[row]) {
    inverse_normals_[row] = times_inverse(constraint(bounds_, row).n);
    has_inverse_normal_[row] = true;
  }
  return inverse_normals_[row];
}

/// H⁻¹ by cofactors (H is symmetric); false when H is singular to rounding.
bool inner_solver::invert() {
  auto& h = p_.h;
  std::array<double, 9> cofactor{h[4] * h[8] - h[5] * h[7], h[2] * h[7] - h[1] * h[8], h[1] * h[5] - h[2] * h[4],
                                 h[5] * h[6] - h[3] * h[8], h[0] * h[8] - h[2] * h[6], h[2] * h[3] - h[0] * h[5],
                                 h[3] * h[7] - h[4] * h[6], h[1] * h[6] - h[0] * h[7], h[0] * h[4] - h[1] * h[3]};
  auto det = h[0] * cofactor[0] + h[1] * cofactor[3] + h[2] * cofactor[6];
  if (!(std::abs(det) > 1e-13 * std::abs(h[0] * h[4] * h[8])))
    return false;
  auto inverse_det = 1 / det; // one division, not nine
  for (size_t i = 0; i < 9; ++i)
    inverse_[i] = cofactor[i] * inverse_det;
  return true;
}

linear_params inner_solver::times_inverse(const linear_params& v) const {
  return {inverse_[0] * v[0] + inverse_[1] * v[1] + inverse_[2] * v[2],
          inverse_[3] * v[0] + inverse_[4] * v[1] + inverse_[5] * v[2],
          inverse_[6] * v[0] + inverse_[7] * v[1] + inverse_[8] * v[2]};
}

} // namespace g6
