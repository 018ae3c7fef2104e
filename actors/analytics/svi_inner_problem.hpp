// svi_inner_problem.hpp — the inner problem of the quasi-explicit SVI calibration (svi_fit.hpp): for fixed
// (m, σ), w(k) = a + d·y + c·√(y² + 1) with y = (k − m)/σ is linear in (a, d, c), and the weighted least
// squares over (a, d, c) inside Gatheral's constraints is a 3-variable convex quadratic programme over a
// polytope, solved exactly by trying the faces of the polytope.
#pragma once

#include <array>
#include <cstddef>

namespace g6 {

/// x = (a, d, c) with d = ρbσ and c = bσ: the linear parameters for fixed (m, σ).
using linear_params = std::array<double, 3>;

inline double dot(const linear_params& u, const linear_params& v) {
  return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
}

/// The nodes −1 = ρ₀ < … < ρₙ = 1 of the chords under √(1 − ρ²) that stand in for Gatheral's no-negative-
/// variance condition (inner_problem): ρᵢ = sin(15°·i − 90°) to three digits. For fixed c that condition
/// is the half disc a² + d² ≤ c² (a ≤ 0), and these chords are a regular polygon inscribed in it, which
/// gives up at most 1 − cos 7.5° < 0.9% of its radius wherever the optimum lies. Measured on the NSE
/// snapshots (docs/surface.md): ten nodes dense only near |ρ| = 1 give up 5% of c near ρ = 0.3 and left a
/// BANKNIFTY weekly at 1.12 vol points of RMSE where these reach 0.99; ten chords of 18° left it at 1.07;
/// eighteen of 10° gain nothing measurable over twelve, and each chord adds 7 faces. The one chord pair
/// through −1, 0, 1 used before bounded a ≥ −0.05c at ρ = 0.95, where the exact bound is a ≥ −0.31c.
inline constexpr std::array<double, 13> variance_chord_nodes{-1,    -0.966, -0.866, -0.707, -0.5,  -0.259, 0,
                                                             0.259, 0.5,    0.707,  0.866,  0.966, 1};
inline constexpr size_t variance_chord_count = variance_chord_nodes.size() - 1;

/// Minimise xᵀHx − 2gᵀx + e (the weighted squared variance error) over the polytope
/// a ≤ a_max,  |d| ≤ c,  c + |d| ≤ 2σ,  and a + αᵢc + βᵢd ≥ 0 for every chord i.
/// Gatheral's a + bσ√(1 − ρ²) ≥ 0 (no negative variance anywhere) reads a + √(c² − d²) ≥ 0, not linear. Its
/// √(1 − ρ²) is concave on [−1, 1], so the chords through its values at variance_chord_nodes lie under it:
/// chord i is αᵢ + βᵢρ on [ρᵢ, ρᵢ₊₁], and c·min over i of (αᵢ + βᵢ·d/c) ≤ √(c² − d²) when |d| ≤ c. The
/// chords' constraints together thus imply Gatheral's (a slightly stricter set, exact at the nodes) and keep
/// the problem a small quadratic programme. (a ≥ 0 alone would be simpler and wrong: short-dated index
/// smiles fit best with a negative a, which that bound pins at zero, costing whole vol points of error.)
struct inner_problem {
  std::array<double, 9> h{}; // row-major, symmetric
  linear_params g{};
  double e = 0;
  double a_max = 0;
  double sigma = 1;
};

/// The faces of the polytope tried: the sets of one to three of its constraints that can hold together
/// anywhere but at x = 0 (svi_inner_problem.cpp says which), 7n + 28 of them for n chords (every set of one
/// to three would be n + 5 + C(n + 5, 2) + C(n + 5, 3): 833 for twelve chords, against 112).
inline constexpr size_t inner_face_count = 7 * variance_chord_count + 28;

struct inner_solution {
  linear_params x{};
  double value = 0;
  /// The multipliers of c + d ≤ 2σ and c − d ≤ 2σ (Lee's bound), the only constraints that move with
  /// σ: the outer search needs them for the exact derivative of the optimum's value in σ. Zero when
  /// inactive (or when rounding left no face satisfying the optimality conditions).
  std::array<double, 2> lee_multipliers{};
  /// The face of the polytope the optimum lies on (inner_face_count: inside it).
  size_t face = inner_face_count;
};

/// Solves h·x = rhs (h row-major 3×3) by Cramer's rule; false when h is singular to rounding.
bool solve_3x3(const std::array<double, 9>& h, const linear_params& rhs, linear_params& x);

/// One inequality of the polytope, nᵀx ≤ bound.
struct inner_constraint {
  linear_params n;
  double bound;
};
/// The polytope's constraints whose bounds are the problem's (a_max, σ): a ≤ a_max, |d| ≤ c and Lee's; the
/// chords' (bound zero) are the same for every problem, built once.
inline constexpr size_t inner_bound_count = 5;
using inner_bounds = std::array<inner_constraint, inner_bound_count>;
inline constexpr size_t inner_constraint_count = inner_bound_count + variance_chord_count;

/// One inner problem, with H inverted once for all it is asked: its optimum, and the projections the
/// outer search's Gauss–Newton matrix needs on the optimum's face. On a face the problem is solved through
/// H⁻¹ (the Schur complement of H in the KKT matrix): with x₀ = H⁻¹g, the optimum with the constraints N
/// active is x = x₀ − H⁻¹Nᵀμ where (N H⁻¹ Nᵀ)·μ = N·x₀ − bound, a system of one to three unknowns (each
/// H⁻¹nᵢ computed once, when a face first needs it). When H is singular to rounding (a very small σ with
/// every point on one side of m makes z = |y|), each face's whole KKT system is eliminated instead.
class inner_solver {
public:
  explicit inner_solver(const inner_problem& p);

  /// The exact optimum. `hint` is the face that held the last optimum (inner_face_count for none): an
  /// outer search moves (m, σ) by small steps, so it is tried first, and set to the face found.
  inner_solution optimum(size_t& hint);

  /// The minimiser s of sᵀHs − 2·rhsᵀs over the directions `face` leaves free (the active constraints'
  /// normals orthogonal to s); H⁻¹·rhs inside the polytope. False when singular.
  bool project(size_t face, const linear_params& rhs, linear_params& s);

private:
  bool solve(size_t face, const inner_bounds& bounds, const linear_params& unconstrained, linear_params& x,
             bool& multipliers_ok, std::array<double, 2>& lee);
  const linear_params& inverse_normal(size_t row);
  bool invert();
  linear_params times_inverse(const linear_params& v) const;

  const inner_problem& p_;
  inner_bounds bounds_;
  bool invertible_ = false;
  std::array<double, 9> inverse_{};
  linear_params x0_{};
  std::array<linear_params, inner_constraint_count> inverse_normals_{};
  std::array<bool, inner_constraint_count> has_inverse_normal_{};
};

} // namespace g6
