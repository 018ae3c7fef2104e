// greeks.hpp — sensitivities of an option's premium, in the units the option rows store: delta per
// point of the underlying, gamma per point squared, theta per calendar day, vega per vol point, rho per
// 1% of rate. Two views of the same Black premium: on the forward (Black-76, F held fixed) and on the
// spot (Black-Scholes, S = DF·F held fixed, so F moves with S, T and r), the latter for NSE's convention.
#pragma once

#include "actors/analytics/black76.hpp"

namespace g6 {

struct option_greeks {
  /// ∂V/∂U, U the underlying (F or S).
  double delta = 0;
  /// ∂²V/∂U².
  double gamma = 0;
  /// Premium change over one calendar day of decay: −(∂V/∂T)/365, with DF = e^{-rT} moving with T.
  double theta = 0;
  /// Premium change for one vol point (σ + 0.01): (∂V/∂σ)/100.
  double vega = 0;
  /// Premium change for a 1% higher rate: (∂V/∂r)/100.
  double rho = 0;
};

/// Black-76 with the forward held fixed: delta = DF·N(d1) (call) or −DF·N(−d1) (put), gamma =
/// DF·φ(d1)/(F·σ√T), rho = −T·V/100. Every field is NaN when T <= 0, vol <= 0 or the option lies
/// outside the Black-76 domain.
option_greeks black76_greeks(const black76_option& option, double vol);

/// Black-Scholes on the spot S = DF·F (no dividend; r = −ln(DF)/T): delta = N(d1) or N(d1) − 1, gamma =
/// φ(d1)/(S·σ√T); theta and rho add the forward's own drift, ∂F/∂T = rF and ∂F/∂r = TF. NaN like
/// black76_greeks.
option_greeks black_scholes_greeks(const black76_option& option, double vol);

} // namespace g6
