#include "actors/provider/kite/instruments_report.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "actors/collector/expiry_buckets.hpp"
#include "actors/provider/kite/kite_instruments.hpp"
#include "config/ist_time.hpp"

namespace g6 {

instruments_report_result instruments_report(const instruments_query& query) {
  instruments_report_result out;
  auto date = parse_date(query.at);
  if (!date) {
    out.error = fmt::format("--at '{}' is not a YYYY-MM-DD date", query.at);
    return out;
  }
  std::ifstream in{query.file, std::ios::binary};
  if (!in) {
    out.error = fmt::format("cannot read {}", query.file);
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_instruments_csv(text.str());
  if (!parsed) {
    out.error = fmt::format("{}: {}", query.file, parsed.error().message);
    return out;
  }
  auto& dump = *parsed;
  if (dump.rejected > 0)
    out.note = fmt::format("{}: {} rows rejected, first at {}\n", query.file, dump.rejected, dump.first_rejection);
  auto resolved = resolve_underlying(dump.rows, query.index, *date);
  if (!resolved) {
    out.error = fmt::format("{}: {}", query.file, resolved.error().message);
    return out;
  }
  auto& list = *resolved;
  auto buckets = assign_buckets(classify_expiries(list.expiries), *date);
  // One expiry may fill several buckets: the nearest is often this month's too.
  auto buckets_of = [&](day_number expiry) {
    std::vector<std::string> names;
    for (auto b : all_expiry_buckets)
      if (buckets[static_cast<size_t>(b)] == expiry)
        names.emplace_back(to_string(b));
    return names;
  };
  auto mismatches = calendar_mismatches(query.index, list.expiries, *date);
  if (query.json) {
    auto expiries = nlohmann::json::array();
    for (auto e : list.expiries)
      expiries.push_back({{"date", format_date(e)}, {"buckets", buckets_of(e)}});
    nlohmann::json doc{
      {"index", list.index},       {"expiries", expiries},           {"strike_step", list.strike_step},
      {"lot_size", list.lot_size}, {"options", list.options.size()}, {"calendar_mismatches", mismatches}};
    out.output = doc.dump(2) + "\n";
    return out;
  }
  out.output = fmt::format("{} on {}: {} options, strike step {}, lot size {}\n", list.index, query.at,
                           list.options.size(), list.strike_step, list.lot_size);
  for (auto e : list.expiries) {
    auto names = buckets_of(e);
    auto shown = names.empty() ? std::string{"-"} : fmt::format("{}", fmt::join(names, ", "));
    out.output += fmt::format("  {}  {}\n", format_date(e), shown);
  }
  for (auto& m : mismatches)
    out.output += fmt::format("  calendar mismatch: {}\n", m);
  return out;
}

} // namespace g6
