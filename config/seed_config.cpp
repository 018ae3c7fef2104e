#include "config/seed_config.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>

namespace g6::config_detail {

namespace {

/// The original platform's storage keys and where they live in g6 (under `storage`).
struct seed_key {
  std::string_view original;
  std::string_view section; // csv or influx
  std::string_view key;
};
constexpr std::array<seed_key, 6> seed_storage_keys{{{"csv_dir", "csv", "dir"},
                                                     {"influx_enabled", "influx", "enabled"},
                                                     {"influx_url", "influx", "url"},
                                                     {"influx_bucket", "influx", "database"},
                                                     {"influx_db", "influx", "database"},
                                                     {"influx_token", "influx", "token"}}};

/// Original storage keys with no meaning here: InfluxDB 1.x has no organisations, and writes are always
/// in milliseconds.
constexpr std::array<std::string_view, 2> meaningless_storage_keys{"influx_org", "influx_precision"};

} // namespace

std::vector<config_problem> adopt_seed_shape(document& root, std::vector<config_problem>& problems) {
  std::vector<config_problem> warnings;
  if (!root.is_object())
    return warnings;
  if (root.contains("indices")) {
    if (root.contains("index_params")) {
      problems.push_back({"/indices", "give index_params or its alias indices, not both"});
    } else {
      // Taken out first: inserting into the object may move its elements.
      document indices = std::move(root["indices"]);
      root.erase("indices");
      root["index_params"] = std::move(indices);
    }
  }
  if (!root.contains("storage") || !root["storage"].is_object())
    return warnings;
  auto& storage = root["storage"];
  for (auto& k : seed_storage_keys) {
    std::string original{k.original};
    if (!storage.contains(original))
      continue;
    auto& section = storage[std::string{k.section}];
    if (section.is_null())
      section = document::object();
    auto target = fmt::format("storage.{}.{}", k.section, k.key);
    if (!section.is_object() || section.contains(std::string{k.key})) {
      problems.push_back(
        {"/storage/" + original, fmt::format("give {} or its alias storage.{}, not both", target, original)});
      continue;
    }
    document value = std::move(storage[original]);
    storage.erase(original);
    storage[std::string{k.section}][std::string{k.key}] = std::move(value);
  }
  std::string dropped;
  for (auto key : meaningless_storage_keys) {
    std::string name{key};
    if (!storage.contains(name))
      continue;
    dropped += (dropped.empty() ? "" : ", ") + name;
    storage.erase(name);
  }
  if (!dropped.empty())
    warnings.push_back({"/storage", "ignored, no meaning in g6: " + dropped});
  return warnings;
}

} // namespace g6::config_detail
