#include "actors/collector/expiry_buckets.hpp"

#include <algorithm>
#include <chrono>

namespace g6 {

namespace {

auto month_of(day_number date) {
  using namespace std::chrono;
  auto ymd = year_month_day{sys_days{days{date}}};
  return ymd.year() / ymd.month();
}

} // namespace

bucket_assignment assign_buckets(const std::vector<expiry_date>& listed, day_number today) {
  std::vector<expiry_date> upcoming;
  for (auto& e : listed)
    if (e.date >= today)
      upcoming.push_back(e);
  std::sort(upcoming.begin(), upcoming.end(),
            [](const expiry_date& a, const expiry_date& b) { return a.date < b.date; });
  bucket_assignment buckets;
  auto slot = [&](expiry_bucket b) -> std::optional<day_number>& {
    return buckets[static_cast<size_t>(b)];
  };
  if (upcoming.empty())
    return buckets;
  slot(expiry_bucket::this_week) = upcoming[0].date;
  bool lists_weeklies = std::any_of(upcoming.begin(), upcoming.end(), [](const expiry_date& e) {
    return e.kind == expiry_kind::weekly;
  });
  if (lists_weeklies && upcoming.size() > 1)
    slot(expiry_bucket::next_week) = upcoming[1].date;
  std::vector<day_number> monthlies;
  for (auto& e : upcoming)
    if (e.kind == expiry_kind::monthly)
      monthlies.push_back(e.date);
  if (!monthlies.empty())
    slot(expiry_bucket::this_month) = monthlies[0];
  if (monthlies.size() > 1)
    slot(expiry_bucket::next_month) = monthlies[1];
  return buckets;
}

std::vector<expiry_date> classify_expiries(const std::vector<day_number>& dates) {
  std::vector<day_number> sorted = dates;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<expiry_date> result;
  for (size_t i = 0; i < sorted.size(); ++i) {
    bool last_in_month = i + 1 == sorted.size() || month_of(sorted[i + 1]) != month_of(sorted[i]);
    result.push_back({sorted[i], last_in_month ? expiry_kind::monthly : expiry_kind::weekly});
  }
  return result;
}

} // namespace g6
