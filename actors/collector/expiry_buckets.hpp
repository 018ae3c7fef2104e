// expiry_buckets.hpp — which listed expiry fills each of the four buckets a collector collects:
// this_week = nearest expiry, next_week = the second-nearest expiry when the index lists weeklies
// (empty for a monthly-only list), this_month = this month's monthly (next month's once it has passed),
// next_month = the monthly after that; and which listed expiries a configured selection (buckets, the
// next N, all) collects, each with the buckets it fills.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "config/calendar.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

using bucket_assignment = std::array<std::optional<day_number>, expiry_bucket_count>;

/// Assigns buckets on trading date `today` from the listed expiries (ascending, kinds from the rules;
/// expiries before `today` are ignored). A bucket with no expiry (e.g. next_week for a monthly-only
/// index) stays empty. Several buckets may name the same date (this_week is often this_month).
bucket_assignment assign_buckets(const std::vector<expiry_date>& listed, day_number today);

/// Classifies a provider's list of expiry dates into weekly/monthly: the last expiry of each calendar
/// month is monthly, the others weekly.
std::vector<expiry_date> classify_expiries(const std::vector<day_number>& dates);

/// One expiry a selection collects: the first bucket naming it (none when it fills no bucket) and every
/// bucket it fills.
struct selected_expiry {
  day_number date = 0;
  expiry_bucket bucket = expiry_bucket::none;
  uint8_t bucket_mask = 0;
};

struct expiry_pick {
  std::vector<selected_expiry> expiries;
  uint8_t expected_mask = 0; // the buckets the selection means to fill
};

/// The expiries `selection` collects from the listed ones (any order) on trading date `today`; earlier
/// ones are never collected. Buckets: the configured buckets' dates in config order, a date named by
/// several buckets once, with the first of them; every configured bucket is expected, filled or not.
/// The next N or all: the nearest N (or every) listed expiries, ascending, each with the buckets it fills
/// (none for most of a full chain); the buckets they fill are the ones expected.
expiry_pick select_expiries(const expiry_selection& selection, const std::vector<day_number>& listed, day_number today);

} // namespace g6
