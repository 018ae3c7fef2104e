#include "actors/sse/sse_frame.hpp"

namespace g6::sse {

std::string frame_event(std::string_view type, std::optional<uint64_t> id, std::string_view data) {
  std::string out;
  out.reserve(data.size() + type.size() + 40);
  out += "event: ";
  out += type;
  out += '\n';
  if (id) {
    out += "id: ";
    out += std::to_string(*id);
    out += '\n';
  }
  // Every line of the data gets its own data: field; the client joins them with '\n'. A '\r' would
  // also end a line for the client, so CRLF and CR are treated as line ends here too.
  size_t start = 0;
  while (true) {
    auto end = data.find_first_of("\r\n", start);
    out += "data: ";
    out += data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out += '\n';
    if (end == std::string_view::npos)
      break;
    start = end + (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n' ? 2 : 1);
  }
  out += '\n';
  return out;
}

std::string frame_retry(uint64_t milliseconds) {
  return "retry: " + std::to_string(milliseconds) + "\n\n";
}

std::string frame_comment(std::string_view text) {
  std::string out = ": ";
  for (char c : text)
    out += (c == '\n' || c == '\r') ? ' ' : c;
  out += "\n\n";
  return out;
}

} // namespace g6::sse
