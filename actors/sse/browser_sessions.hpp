// browser_sessions.hpp — the web app's login: a browser that gave the token (POST /login) gets a random
// session id in an HttpOnly, SameSite=Strict cookie, accepted in place of the token until it expires,
// because EventSource cannot send an Authorization header. Ids are 256 random bits; the table keeps only
// their sha256, so neither a lookup's timing nor a memory dump gives a usable id away. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace g6::sse {

/// The cookie's name.
inline constexpr std::string_view session_cookie_name = "g6_session";

class browser_sessions {
public:
  explicit browser_sessions(int64_t lifetime_seconds, size_t max_sessions = 10000);

  /// A new session valid until `now_ms` + the lifetime; its id (64 hex digits). When the table is full
  /// the session closest to expiry gives way. Nothing when the system's random generator fails.
  std::optional<std::string> open(int64_t now_ms);
  /// Whether `id` is an open session at `now_ms`.
  bool valid(std::string_view id, int64_t now_ms);
  void close(std::string_view id);

  int64_t lifetime_seconds() const { return lifetime_ms_ / 1000; }
  size_t size();

private:
  void forget_expired(int64_t now_ms);

  int64_t lifetime_ms_;
  size_t max_sessions_;
  std::mutex mutex_;
  std::map<std::string, int64_t> expiry_by_hash_;
};

/// The session id in a Cookie header ("a=1; g6_session=ID; b=2"); empty when there is none.
std::string_view session_cookie(std::string_view cookie_header);

/// The Set-Cookie value that opens a session for `max_age_seconds`.
std::string session_set_cookie(std::string_view id, int64_t max_age_seconds);
/// The Set-Cookie value that removes the session cookie.
std::string session_clear_cookie();

} // namespace g6::sse
