// schema_messages.hpp — internal to the loader: checks a config document against config/schema.json
// (valijson) and turns what fails into problems, each at the JSON pointer of the value, with a message
// that shows the value and what the schema expects.
#pragma once

#include <vector>

#include "config/json_document.hpp"
#include "config/loader.hpp"

namespace g6::config_detail {

/// Schema problems, in document order, each said once by the most specific message; none when the
/// document is valid.
std::vector<config_problem> check_schema(const document& root);

} // namespace g6::config_detail
