// panel_summary.hpp — `g6 summary` and `g6 status` as functions: read the panels a node wrote and render
// them for a terminal (colour, fixed layout) or as plain lines. Missing or unreadable panels are named;
// what is there is shown.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace g6 {

/// The panels found in a directory (data member of each envelope), and those missing or unreadable.
struct panel_snapshot {
  std::filesystem::path dir;
  std::map<std::string, nlohmann::json> data; // panel name -> data
  std::vector<std::string> missing;           // "summary (no file)", "providers (not JSON)", ...
};

panel_snapshot read_panels(const std::filesystem::path& dir);

/// The summary view: health, last cycle, indices table (stale ones marked), breakers, storage. With
/// `colour`, ANSI colours for health, statuses and stale rows.
std::string render_summary(const panel_snapshot& panels, bool colour);

/// `g6 status`: the node's components, cycle and health from the summary and system panels; as JSON
/// with `json`. Returns 0, or 1 (with the reason on err) when neither panel is readable.
int status_command(const std::filesystem::path& dir, bool json, std::ostream& out, std::ostream& err);

} // namespace g6
