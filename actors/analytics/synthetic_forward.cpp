#include "actors/analytics/synthetic_forward.hpp"

#include <cmath>

namespace g6 {

std::string_view to_string(forward_method x) {
  switch (x) {
    case forward_method::put_call_parity:
      return "put_call_parity";
    case forward_method::spot_carry:
      return "spot_carry";
    case forward_method::unavailable:
      return "unavailable";
  }
  return "unknown";
}

namespace {

bool priced(double premium) {
  return std::isfinite(premium) && premium > 0;
}

} // namespace

forward_estimate synthetic_forward(std::span<const strike_premiums> strikes, double spot, double rate, double years) {
  auto carry = std::exp(rate * years);
  const strike_premiums* best = nullptr;
  for (auto& s : strikes) {
    if (!(std::isfinite(s.strike) && s.strike > 0 && priced(s.call) && priced(s.put)))
      continue;
    auto gap = std::abs(s.call - s.put);
    if (best == nullptr || gap < std::abs(best->call - best->put)
        || (gap == std::abs(best->call - best->put) && s.strike < best->strike))
      best = &s;
  }
  if (best != nullptr) {
    auto forward = best->strike + carry * (best->call - best->put);
    if (std::isfinite(forward) && forward > 0)
      return {forward, forward_method::put_call_parity, best->strike};
  }
  if (std::isfinite(spot) && spot > 0 && std::isfinite(carry))
    return {spot * carry, forward_method::spot_carry, absent};
  return {};
}

} // namespace g6
