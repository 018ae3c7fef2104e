#include "tools/ready_file.hpp"

#include <nlohmann/json.hpp>

#include "actors/panels/panel_envelope.hpp"

namespace g6 {

namespace {

nlohmann::json url_or_null(const std::string& url) {
  return url.empty() ? nlohmann::json(nullptr) : nlohmann::json(url);
}

} // namespace

std::string ready_file_text(const ready_announcement& ready) {
  nlohmann::json j{{"pid", ready.pid},
                   {"role", to_string(ready.role)},
                   {"node", url_or_null(ready.node)},
                   {"metrics", url_or_null(ready.endpoints.metrics)},
                   {"sse", url_or_null(ready.endpoints.sse)}};
  return j.dump(2) + "\n";
}

expected<void, std::string> write_ready_file(const std::filesystem::path& file, const ready_announcement& ready) {
  return write_atomically(file, ready_file_text(ready));
}

} // namespace g6
