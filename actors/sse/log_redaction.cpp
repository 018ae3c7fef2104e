#include "actors/sse/log_redaction.hpp"

namespace g6::sse {

namespace {

constexpr std::string_view redacted = "<redacted>";

/// The query "a=1&b&c=" with names kept and values replaced.
void append_redacted_query(std::string& out, std::string_view query) {
  bool first = true;
  while (true) {
    auto amp = query.find('&');
    auto item = query.substr(0, amp);
    if (!first)
      out += '&';
    first = false;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      // A bare item is as likely a secret as a name: "?<token>".
      if (!item.empty())
        out += redacted;
    } else {
      out += item.substr(0, eq + 1);
      out += redacted;
    }
    if (amp == std::string_view::npos)
      return;
    query.remove_prefix(amp + 1);
  }
}

} // namespace

std::string redact_target(std::string_view target, size_t max_bytes) {
  std::string out;
  auto hash = target.find('#');
  auto before_fragment = target.substr(0, hash);
  auto question = before_fragment.find('?');
  auto path = before_fragment.substr(0, question);
  // Absolute form (http://user:password@host/path): the user information is a credential.
  if (auto scheme = path.find("://"); scheme != std::string_view::npos) {
    auto authority_start = scheme + 3;
    auto authority_end = path.find('/', authority_start);
    auto at = path.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at >= authority_start) {
      out += path.substr(0, authority_start);
      out += redacted;
      path.remove_prefix(at);
    }
  }
  out += path;
  if (question != std::string_view::npos) {
    out += '?';
    append_redacted_query(out, before_fragment.substr(question + 1));
  }
  if (hash != std::string_view::npos) {
    out += '#';
    out += redacted;
  }
  if (out.size() > max_bytes) {
    out.resize(max_bytes);
    out += "...";
  }
  return out;
}

} // namespace g6::sse
