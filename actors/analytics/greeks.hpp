// greeks.hpp — Black-76 sensitivities of an option on a forward, in the units the option rows store.
#pragma once

#include "actors/analytics/black76.hpp"

namespace g6 {

/// Sensitivities of the premium, with the forward F held fixed (Black-76: the forward, not the spot, is
/// the underlying; r enters only through DF = e^{-rT}).
struct option_greeks {
  /// ∂V/∂F: DF·N(d1) for a call, −DF·N(−d1) for a put.
  double delta = 0;
  /// ∂²V/∂F² per unit of forward: DF·φ(d1)/(F·σ·√T).
  double gamma = 0;
  /// Premium change over one calendar day of decay: −(∂V/∂T)/365, with DF = e^{-rT} moving with T.
  double theta = 0;
  /// Premium change for one vol point (σ + 0.01): (∂V/∂σ)/100.
  double vega = 0;
  /// Premium change for a 1% higher rate with F fixed: (∂V/∂r)/100 = −T·V/100.
  double rho = 0;
};

/// The Greeks at volatility `vol`; every field is NaN when T <= 0, vol <= 0 or the option lies outside
/// the Black-76 domain.
option_greeks black76_greeks(const black76_option& option, double vol);

} // namespace g6
