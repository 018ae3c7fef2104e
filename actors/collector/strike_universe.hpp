// strike_universe.hpp — which options of one expiry a collector collects. ATM is the spot rounded to the
// nearest strike step (a tie rounds up). Calls are collected from ATM − strikes_itm·step (in the money)
// to ATM + strikes_otm·step (out of the money); puts are the mirror image, from ATM − strikes_otm·step
// to ATM + strikes_itm·step. Together they cover ATM ± max(itm, otm)·step, with both CE and PE where
// both depths reach. A depth of "all" reaches every listed strike on its side (and expects no unlisted
// one there). Strikes at or below zero do not exist and are never expected. Lookups sort each expiry's
// listing once, so a full chain of thousands of options costs n log n, not n².
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

/// One option of the universe: a strike and a side.
struct option_leg {
  double strike = 0;
  option_type type = option_type::call;
  friend bool operator==(const option_leg&, const option_leg&) = default;
};

/// The legs to collect for one expiry, and those the depth expects but the provider does not list, so
/// the collector can count expected against collected.
struct strike_universe {
  double atm = 0;
  std::vector<option_leg> legs;     // listed: ascending strike, CE before PE at a strike
  std::vector<option_leg> unlisted; // expected but not listed, same order
  size_t expected() const { return legs.size() + unlisted.size(); }
};

enum class strike_errc : uint8_t {
  bad_spot,  // not a finite positive number
  bad_step,  // not a finite positive number
  bad_depth, // strikes_itm or strikes_otm negative
};

struct strike_error {
  strike_errc code = strike_errc::bad_spot;
  std::string message; // names the bad value
};

template <class T>
using strike_result = expected<T, strike_error>;

/// The spot rounded to the nearest multiple of `step`, ties up; nullopt when either is not a finite
/// positive number.
std::optional<double> atm_strike(double spot, double step);

/// The universe around `spot` restricted to `listed_strikes` (the strikes the provider lists for the
/// expiry, ascending and distinct). A strike counts as listed when it is within a millionth of a step of
/// one.
strike_result<strike_universe> plan_strikes(double spot, double step, strike_depth strikes_itm,
                                            strike_depth strikes_otm, const std::vector<double>& listed_strikes);

/// One listed expiry's options, sorted by strike, CE before PE at a strike.
struct expiry_listing {
  day_number expiry = 0;
  double strike_step = 0; // the list's: strikes match within a millionth of it (of a rupee without one)
  std::vector<option_instrument> options;
  /// The distinct strikes, ascending.
  std::vector<double> strikes() const;
};

/// A listing per expiry of the list (its options' expiries), ascending: one pass and one sort.
std::vector<expiry_listing> listings_by_expiry(const instrument_list& list);

/// The instruments of `legs`, in the order of `legs`; a leg the listing lacks (e.g. only its CE is
/// listed) is reported in `missing`.
struct instrument_selection {
  std::vector<option_instrument> instruments;
  std::vector<option_leg> missing;
};
instrument_selection select_instruments(const expiry_listing& listing, const std::vector<option_leg>& legs);

} // namespace g6
