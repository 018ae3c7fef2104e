// iv_problem.hpp — the two ends of an implied-volatility solve that do not depend on the method: an
// option and its premium reduced to the normalised problem of normalised_implied_vol.hpp (or the
// reason it has no solution), and the normalised solution turned back into a volatility. Shared by
// implied_vol() and the batch API so that both give the same answer to the last bit.
#pragma once

#include "actors/analytics/implied_vol.hpp"
#include "actors/analytics/normalised_implied_vol.hpp"

namespace g6 {

/// b(x, s) = beta for an out-of-the-money call, x <= 0, 0 < beta < b_max = e^{x/2}; `status` is ok
/// when there is such a problem to solve, else the reason there is none.
struct normalised_problem {
  double x = 0;
  double beta = 0;
  double b_max = 0;
  iv_status status = iv_status::invalid_input;
};

/// Validates the inputs and the no-arbitrage band, then turns an in-the-money leg into its
/// out-of-the-money twin by parity (C − P = DF·(F − K)) and normalises its premium by DF·√(FK); a put
/// at x is a call at −x.
normalised_problem normalise(const black76_option& option, double premium, const iv_params& params);

/// σ = s/√T, checked against the bounds; no_convergence when the solve did not converge.
iv_result volatility_of(const normalised_solution& solved, double years, const iv_params& params);

} // namespace g6
