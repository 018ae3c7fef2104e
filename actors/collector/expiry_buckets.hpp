// expiry_buckets.hpp — which listed expiry fills each of the four buckets a collector collects:
// this_week = nearest expiry, next_week = the second-nearest expiry when the index lists weeklies
// (empty for a monthly-only list), this_month = this month's monthly (next month's once it has passed),
// next_month = the monthly after that.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "config/calendar.hpp"
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

} // namespace g6
