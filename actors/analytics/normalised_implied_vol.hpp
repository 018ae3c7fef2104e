// normalised_implied_vol.hpp — the core of the implied-volatility solver: the s = σ√T at which the
// normalised Black function (normalised_black.hpp) of an out-of-the-money call takes a given value.
// The method is P. Jäckel's "Let's Be Rational" (Wilmott 2015), written from the paper:
//  1. Anchors split s into branches: s_c = √(2|x|) (the inflection point of b in s), and s_l, s_h
//     where the tangent at s_c meets 0 and the bound e^{x/2} (iv_anchors.hpp).
//  2. A rational cubic (rational_cubic.hpp) through the anchors — on s itself in the two middle
//     branches, on maps that make b nearly linear in the outer ones — gives a starting point, within a
//     few percent of the solution.
//  3. Third-order Householder steps on an objective chosen per branch (b − β in the middle,
//     1/ln b − 1/ln β below, ln(b_max − β) − ln(b_max − b) above), kept inside a bracket — (0, s_c) or
//     (s_c, ∞), decided exactly by b(s_c) — that every evaluation narrows, with bisection as the
//     fallback. They converge with order four: from the starting point two steps reach the last bit.
// Departures from the paper, for speed: the anchors' values come from a table over x (iv_anchors.hpp),
// and the iteration stops after a step of at most full_precision_step rather than after a fixed count.
// The solve is exposed as a state and a step, so that a batch can advance many options in lockstep
// (implied_vol_batch.hpp) with exactly the arithmetic of a single solve.
#pragma once

#include <cstdint>

namespace g6 {

/// A step at most this fraction of s ends the iteration with s exact: with convergence of order four
/// the error left after such a step is of order 1e-20·s, below what a double resolves.
inline constexpr double full_precision_step = 1e-5;

struct normalised_solution {
  double s = 0; // σ√T
  int iterations = 0;
  bool converged = false;
};

/// The objective the Householder steps work on.
enum class iv_objective : uint8_t { lower, middle, upper };

/// One solve in progress.
struct normalised_iv_state {
  double x = 0;          // ln(F/K) <= 0
  double beta = 0;       // the target b
  double b_max = 0;      // e^{x/2}
  double target = 0;     // ln β (lower objective) or ln(b_max − β) (upper objective)
  double inv_target = 0; // 1/ln β (lower objective)
  double s = 0;          // the current point
  double left = 0;       // the bracket known to hold the solution
  double right = 0;
  double ds = 0; // the last step
  double ds_previous = 0;
  int iterations = 0;
  int reversals = 0; // changes of direction since the last bisection
  iv_objective objective = iv_objective::middle;
  bool bracket_collapsed = false;
};

/// Anchors, branch and starting point for b(x, s) = beta; x <= 0 and 0 < beta < b_max = e^{x/2} (the
/// caller checks both, and passes the bound it computed for the check).
normalised_iv_state start_normalised_iv(double beta, double x, double b_max);

/// Whether the solve is over: the last step was at most `step_tolerance`·s, the bracket collapsed, or
/// `max_iterations` steps were taken.
bool normalised_iv_finished(const normalised_iv_state& state, int max_iterations, double step_tolerance);

/// One Householder step (or bisection, when a step left the bracket or the direction keeps reversing).
void advance_normalised_iv(normalised_iv_state& state);

/// The outcome of a finished solve: converged unless the budget ran out with the last step still larger
/// than `step_tolerance`·s.
normalised_solution normalised_iv_result(const normalised_iv_state& state, double step_tolerance);

/// The whole solve: start, then steps until finished. `step_tolerance` below full_precision_step buys
/// nothing and counts as full_precision_step.
normalised_solution normalised_implied_vol(double beta, double x, double b_max, int max_iterations,
                                           double step_tolerance);

} // namespace g6
