#include "actors/analytics/svi_inner_problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace g6 {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

/// The polytope's constraints; with a_max and σ zero, the cone of directions its faces leave free.
inner_constraints constraints_of(double a_max, double sigma) {
  auto two_sigma = 2 * sigma;
  return {{
    {{-1, 1, -1}, 0},         // a ≥ d − c
    {{-1, -1, -1}, 0},        // a ≥ −d − c
    {{1, 0, 0}, a_max},       // a ≤ a_max
    {{0, 1, -1}, 0},          // d ≤ c
    {{0, -1, -1}, 0},         // −d ≤ c
    {{0, 1, 1}, two_sigma},   // c + d ≤ 2σ
    {{0, -1, 1}, two_sigma},  // c − d ≤ 2σ
  }};
}

// The faces of the polytope, as the constraints active on them: every set of one, two or three
// constraints, smallest first (sets whose KKT system is singular are skipped). The optimum of a convex
// quadratic over a polytope is the optimum over the affine hull of the face it lies in, and the first face
// whose point is feasible with non-negative multipliers satisfies the KKT conditions: it is exact.
constexpr int no_constraint = -1;
using active_set = std::array<int, 3>;
constexpr std::array<active_set, inner_face_count> make_faces() {
  std::array<active_set, inner_face_count> faces{};
  size_t n = 0;
  constexpr int c = static_cast<int>(inner_constraint_count);
  for (int i = 0; i < c; ++i)
    faces[n++] = {i, no_constraint, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      faces[n++] = {i, j, no_constraint};
  for (int i = 0; i < c; ++i)
    for (int j = i + 1; j < c; ++j)
      for (int k = j + 1; k < c; ++k)
        faces[n++] = {i, j, k};
  return faces;
}
constexpr auto inner_faces = make_faces();

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
bool solve_in_place(std::array<double, N * (N + 1)>& m, size_t n, std::array<double, N>& out) {
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

// Lee's bound c ± d ≤ 2σ: the constraints whose bound moves with σ.
constexpr int lee_plus = 5;
constexpr int lee_minus = 6;

/// The minimum of xᵀHx − 2gᵀx over the affine set where `active` constraints hold with equality: the
/// KKT system [H Nᵀ; N 0]·[x; μ] = [g; bound], eliminated whole. `multipliers_ok` says whether every
/// μ ≥ 0, which makes a feasible x the optimum over the whole polytope (the programme is convex); `lee`
/// gets the multipliers of Lee's bound. False when singular.
bool solve_on_face(const std::array<double, 9>& h, const linear_params& g, const inner_constraints& all,
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
      m[i * cols + 3 + r] = all[static_cast<size_t>(rows[r])].n[i];
    m[i * cols + n] = g[i];
  }
  for (size_t r = 0; r < count; ++r) {
    auto& con = all[static_cast<size_t>(rows[r])];
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

bool feasible(const inner_constraints& all, const linear_params& x, double tolerance) {
  for (auto& c : all)
    if (!(c.n[0] * x[0] + c.n[1] * x[1] + c.n[2] * x[2] <= c.bound + tolerance))
      return false;
  return true;
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

inner_solver::inner_solver(const inner_problem& p) : p_(p), constraints_(constraints_of(p.a_max, p.sigma)) {
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
  // near the optimum of (m, σ).
  if (invertible_ && feasible(constraints_, x0_, tolerance))
    return {x0_, p_.e - dot(p_.g, x0_), {0, 0}, inner_face_count}; // x₀ᵀHx₀ = gᵀx₀
  inner_solution best{{0, 0, 0}, infinity, {0, 0}, inner_face_count};
  linear_params x{};
  bool multipliers_ok = false;
  std::array<double, 2> lee{};
  if (hint < inner_face_count && solve(hint, constraints_, x0_, x, multipliers_ok, lee) && multipliers_ok &&
      feasible(constraints_, x, tolerance))
    return {x, objective(p_, x), lee, hint};
  for (size_t face = 0; face < inner_face_count; ++face) {
    if (!solve(face, constraints_, x0_, x, multipliers_ok, lee) || !feasible(constraints_, x, tolerance))
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
    return solve_on_face(p_.h, rhs, constraints_of(0, 0), inner_faces[face], s, multipliers_ok, lee);
  }
  if (face >= inner_face_count) {
    s = times_inverse(rhs);
    return true;
  }
  bool multipliers_ok = false;
  std::array<double, 2> lee{};
  return solve(face, constraints_of(0, 0), times_inverse(rhs), s, multipliers_ok, lee);
}

/// The optimum on the affine hull of `face` under `bounds`, given H⁻¹g (`unconstrained`);
/// `multipliers_ok` says whether every μ ≥ 0, which makes a feasible x the optimum over the whole
/// polytope (the programme is convex); `lee` gets the multipliers of Lee's bound. False when singular.
bool inner_solver::solve(size_t face, const inner_constraints& bounds, const linear_params& unconstrained,
                         linear_params& x, bool& multipliers_ok, std::array<double, 2>& lee) {
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
    auto& normal = bounds[rows[i]].n;
    rhs[i] = dot(normal, unconstrained) - bounds[rows[i]].bound;
    for (size_t j = 0; j < count; ++j)
      schur[i * 3 + j] = dot(normal, inverse_normal(rows[j]));
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
    inverse_normals_[row] = times_inverse(constraints_[row].n);
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
