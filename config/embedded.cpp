#include "config/embedded.hpp"

#include <algorithm>

namespace g6 {

std::string_view embedded_file(std::string_view name) {
  auto files = embedded_config_files();
  auto i = std::lower_bound(files.begin(), files.end(), name,
                            [](const embedded_entry& e, std::string_view n) { return e.name < n; });
  return i != files.end() && i->name == name ? i->content : std::string_view{};
}

} // namespace g6
