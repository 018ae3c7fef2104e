// seed_config.hpp — internal to the loader: accepts a config file in the original platform's shape by
// rewriting it into g6's before validation: `indices` is `index_params`, `storage.csv_dir` is
// `storage.csv.dir`, `storage.influx_*` are `storage.influx.*`, and the original's keys that mean nothing
// here are dropped with a warning naming them.
#pragma once

#include <vector>

#include "config/json_document.hpp"
#include "config/loader.hpp"

namespace g6::config_detail {

/// Rewrites `root` in place. Returns the warnings (keys dropped as meaningless here); a document that uses
/// both a g6 key and its original alias gets a problem instead.
std::vector<config_problem> adopt_seed_shape(document& root, std::vector<config_problem>& problems);

} // namespace g6::config_detail
