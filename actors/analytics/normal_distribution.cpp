#include "actors/analytics/normal_distribution.hpp"

#include <limits>

namespace g6 {

namespace {

/// c[0] + c[1]·r + ... + c[7]·r⁷.
double polynomial(const double (&c)[8], double r) {
  auto value = c[7];
  for (int i = 6; i >= 0; --i)
    value = value * r + c[i];
  return value;
}

} // namespace

double inverse_normal_cdf(double p) {
  if (!(p >= 0 && p <= 1))
    return std::numeric_limits<double>::quiet_NaN();
  if (p == 0)
    return -std::numeric_limits<double>::infinity();
  if (p == 1)
    return std::numeric_limits<double>::infinity();
  auto q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    constexpr double a[8] = {3.3871328727963666080, 133.14166789178437745, 1971.5909503065514427,
                             13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                             33430.575583588128105, 2509.0809287301226727};
    constexpr double b[8] = {1.0,
                             42.313330701600911252,
                             687.18700749205790830,
                             5394.1960214247511077,
                             21213.794301586595867,
                             39307.895800092710610,
                             28729.085735721942674,
                             5226.4952788528545610};
    auto r = 0.180625 - q * q;
    return q * polynomial(a, r) / polynomial(b, r);
  }
  // The tail: a rational function of √(−ln(tail probability)).
  auto r = std::sqrt(-std::log(q < 0 ? p : 1 - p));
  double value;
  if (r <= 5) {
    constexpr double c[8] = {1.42343711074968357734,   4.63033784615654529590,   5.76949722146069140550,
                             3.64784832476320460504,   1.27045825245236838258,   0.241780725177450611770,
                             0.0227238449892691845833, 7.74545014278341407640e-4};
    constexpr double d[8] = {1.0,
                             2.05319162663775882187,
                             1.67638483018380384940,
                             0.689767334985100004550,
                             0.148103976427480074590,
                             0.0151986665636164571966,
                             5.47593808499534494600e-4,
                             1.05075007164441684324e-9};
    value = polynomial(c, r - 1.6) / polynomial(d, r - 1.6);
  } else {
    constexpr double e[8] = {6.65790464350110377720,    5.46378491116411436990,   1.78482653991729133580,
                             0.296560571828504891230,   0.0265321895265761230930, 1.24266094738807843860e-3,
                             2.71155556874348757815e-5, 2.01033439929228813265e-7};
    constexpr double f[8] = {1.0,
                             0.599832206555887937690,
                             0.136929880922735805310,
                             0.0148753612908506148525,
                             7.86869131145613259100e-4,
                             1.84631831751005468180e-5,
                             1.42151175831644588870e-7,
                             2.04426310338993978564e-15};
    value = polynomial(e, r - 5) / polynomial(f, r - 5);
  }
  return q < 0 ? -value : value;
}

} // namespace g6
