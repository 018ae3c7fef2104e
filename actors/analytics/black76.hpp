// black76.hpp — Black-76: the price of a European option on a forward, discounted to today. Every other
// pricing function in analytics (implied volatility, Greeks) is built on these few formulas.
#pragma once

#include "messages/market.hpp"

namespace g6 {

/// A European option on a forward, as Black-76 sees it. The domain is forward > 0, strike > 0,
/// years >= 0 and discount > 0; functions below return NaN outside it.
struct black76_option {
  option_type type = option_type::call;
  double forward = 0;  // F: the forward of the underlying to expiry
  double strike = 0;   // K
  double years = 0;    // T: time to expiry in years
  double discount = 1; // DF = e^{-rT}: today's value of one rupee paid at expiry
};

/// Standard normal cumulative distribution, via erfc so tails keep their relative accuracy.
double normal_cdf(double x);

/// Standard normal density.
double normal_pdf(double x);

/// The Black-76 d1 = (ln(F/K) + σ²T/2) / (σ√T); d2 = d1 − σ√T.
double black76_d1(const black76_option& option, double vol);

/// Premium of the option at volatility `vol` (a fraction, 0.2 = 20% a year):
///   call = DF·(F·N(d1) − K·N(d2)),  put = DF·(K·N(−d2) − F·N(−d1)).
/// With σ√T = 0 the premium is the discounted intrinsic value.
double black76_price(const black76_option& option, double vol);

/// Discounted intrinsic value: DF·max(F − K, 0) for a call, DF·max(K − F, 0) for a put.
double discounted_intrinsic(const black76_option& option);

/// The premium no volatility reaches: DF·F for a call, DF·K for a put.
double premium_upper_bound(const black76_option& option);

/// ∂price/∂σ per unit of volatility (not per vol point): DF·F·φ(d1)·√T. NaN when σ√T = 0.
double black76_vega(const black76_option& option, double vol);

} // namespace g6
