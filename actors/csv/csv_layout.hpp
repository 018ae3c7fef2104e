// csv_layout.hpp — the original platform's CSV tree, rendered from one committed index snapshot: which
// file each line goes to and the line itself. Pure code: no files, no CAF.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "messages/observability.hpp"

namespace g6 {

/// The header of the per-option files (`<INDEX>/<expiry_tag>/<offset>/<date>.csv`).
extern const std::string_view csv_option_header;
/// The header of the overview files (`overview/<INDEX>/<date>.csv`).
extern const std::string_view csv_overview_header;

/// One line (without its newline) for the file at `file`, relative to the CSV base directory.
struct csv_line {
  std::filesystem::path file;
  std::string text;
  std::string_view header;
};

/// The ATM strike used to name offsets: the spot rounded to 100 for BANKNIFTY and SENSEX, to 50 otherwise.
double csv_atm(std::string_view index, double spot);

/// "+50", "-100", "0": a strike's signed distance from ATM in points.
std::string csv_offset(double strike, double atm);

/// An instant as the original platform's timestamp, IST "dd-mm-YYYY HH:MM:SS".
std::string csv_timestamp(epoch_ms t);

/// The lines of one snapshot: one per strike (CE and PE side by side; a missing side is left empty) in
/// the file of its expiry bucket and offset, and one overview line. Files are named by the IST trading
/// date of the snapshot. An expiry that fills no bucket (a full chain's other expiries) has its date
/// (YYYY-MM-DD) in place of the bucket's directory, and an empty expiry_tag.
std::vector<csv_line> csv_lines(const index_snapshot& snapshot);

} // namespace g6
