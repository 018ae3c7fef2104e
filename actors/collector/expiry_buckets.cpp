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
  auto slot = [&](expiry_bucket b) -> std::optional<day_number>& { return buckets[static_cast<size_t>(b)]; };
  if (upcoming.empty())
    return buckets;
  slot(expiry_bucket::this_week) = upcoming[0].date;
  bool lists_weeklies =
    std::any_of(upcoming.begin(), upcoming.end(), [](const expiry_date& e) { return e.kind == expiry_kind::weekly; });
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

expiry_pick select_expiries(const expiry_selection& selection, const std::vector<day_number>& listed,
                            day_number today) {
  auto assignment = assign_buckets(classify_expiries(listed), today);
  expiry_pick pick;
  auto add = [&](day_number date, expiry_bucket bucket) {
    auto same = std::find_if(pick.expiries.begin(), pick.expiries.end(),
                             [&](const selected_expiry& e) { return e.date == date; });
    if (same == pick.expiries.end())
      same = pick.expiries.insert(pick.expiries.end(), {date, bucket, 0});
    same->bucket_mask |= bucket_bit(bucket);
    if (same->bucket == expiry_bucket::none)
      same->bucket = bucket;
  };
  if (selection.choice == expiry_choice::buckets) {
    for (auto bucket : selection.buckets) {
      pick.expected_mask |= bucket_bit(bucket);
      if (auto date = assignment[static_cast<size_t>(bucket)])
        add(*date, bucket);
    }
    return pick;
  }
  std::vector<day_number> upcoming;
  for (auto date : listed)
    if (date >= today)
      upcoming.push_back(date);
  std::sort(upcoming.begin(), upcoming.end());
  upcoming.erase(std::unique(upcoming.begin(), upcoming.end()), upcoming.end());
  if (selection.choice == expiry_choice::next && upcoming.size() > static_cast<size_t>(std::max(selection.next, 0)))
    upcoming.resize(static_cast<size_t>(std::max(selection.next, 0)));
  for (auto date : upcoming) {
    add(date, expiry_bucket::none);
    for (auto bucket : all_expiry_buckets)
      if (assignment[static_cast<size_t>(bucket)] == date)
        add(date, bucket);
  }
  for (auto& e : pick.expiries)
    pick.expected_mask |= e.bucket_mask;
  return pick;
}

} // namespace g6
