#include "actors/sse/sse_parser.hpp"

#include <charconv>

namespace g6::sse {

std::vector<parsed_event> event_parser::feed(std::string_view bytes) {
  std::vector<parsed_event> out;
  // Whole lines at a time: a client reads megabytes a second, so no per-byte work beyond the search.
  while (!bytes.empty()) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (bytes.front() == '\n') {
        bytes.remove_prefix(1);
        continue;
      }
    }
    auto end = bytes.find_first_of("\r\n");
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
