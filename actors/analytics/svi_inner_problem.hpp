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

/// Minimise xᵀHx − 2gᵀx + e (the weighted squared variance error) over the polytope
/// a ≥ |d| − c,  a ≤ a_max,  |d| ≤ c,  c + |d| ≤ 2σ.
/// Gatheral's a + bσ√(1 − ρ²) ≥ 0 (no negative variance anywhere) reads a + √(c² − d²) ≥ 0; since
/// √(c² − d²) ≥ c − |d| when |d| ≤ c, the linear a ≥ |d| − c implies it and keeps the problem a small
/// quadratic programme. (a ≥ 0 alone would be simpler and wrong: short-dated index smiles fit best with a
/// negative a, which that bound pins at zero, costing whole vol points of error.)
struct inner_problem {
  std::array<double, 9> h{}; // row-major, symmetric
  linear_params g{};
  double e = 0;
  double a_max = 0;
  double sigma = 1;
};

/// The faces of the polytope tried (every set of one to three of its seven constraints).
inline constexpr size_t inner_face_count = 7 + 21 + 35;

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
inline constexpr size_t inner_constraint_count = 7;
using inner_constraints = std::array<inner_constraint, inner_constraint_count>;

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
  bool solve(size_t face, const inner_constraints& bounds, const linear_params& unconstrained, linear_params& x,
             bool& multipliers_ok, std::array<double, 2>& lee);
  const linear_params& inverse_normal(size_t row);
  bool invert();
  linear_params times_inverse(const linear_params& v) const;

  const inner_problem& p_;
  inner_constraints constraints_;
  bool invertible_ = false;
  std::array<double, 9> inverse_{};
  linear_params x0_{};
  std::array<linear_params, inner_constraint_count> inverse_normals_{};
  std::array<bool, inner_constraint_count> has_inverse_normal_{};
};

} // namespace g6
