#include "actors/sse/sse_parser.hpp"

#include <charconv>
#include <cstring>

namespace g6::sse {

namespace {

/// Where the first line of `bytes` ends (its CR or LF), or npos. Two memchr scans: find_first_of
/// would call memchr once per byte, and a client reads megabytes a second.
size_t line_end(std::string_view bytes) {
  const auto* begin = bytes.data();
  const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', bytes.size()));
  auto searched = lf ? static_cast<size_t>(lf - begin) : bytes.size();
  if (const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', searched)))
    return static_cast<size_t>(cr - begin);
  return lf ? searched : std::string_view::npos;
}

} // namespace

std::vector<parsed_event> event_parser::feed(std::string_view bytes) {
  std::vector<parsed_event> out;
  // Whole lines at a time: no per-byte work beyond the search.
  while (!bytes.empty()) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);
        continue;
      }
    }
    auto end = line_end(bytes);
    if (end == std::string_view::npos) {
      pending_.append(bytes);
      break;
    }
    skip_lf_ = bytes[end] == '\r';
    if (pending_.empty()) {
      line(bytes.substr(0, end), out);
    } else {
      pending_.append(bytes.substr(0, end));
      line(pending_, out);
      pending_.clear();
    }
    bytes.remove_prefix(end + 1);
  }
  return out;
}

void event_parser::line(std::string_view text, std::vector<parsed_event>& out) {
  if (text.empty()) {
    if (has_data_) {
      if (!current_.data.empty() && current_.data.back() == '\n')
        current_.data.pop_back();
      out.push_back(std::move(current_));
    }
    current_ = parsed_event{};
    has_data_ = false;
    return;
  }
  if (text.front() == ':') {
    ++comments_;
    return;
  }
  auto colon = text.find(':');
  auto field = text.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
  }
  if (field == "event") {
    current_.type = std::string{value};
  } else if (field == "data") {
    current_.data += value;
    current_.data += '\n';
    has_data_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) {
      current_.id = std::string{value};
      last_id_ = std::string{value};
    }
  } else if (field == "retry") {
    uint64_t ms = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec == std::errc{} && end == value.data() + value.size())
      retry_ = ms;
  }
}

} // namespace g6::sse
