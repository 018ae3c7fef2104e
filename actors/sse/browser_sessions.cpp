#include "actors/sse/browser_sessions.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "actors/panels/panel_hash.hpp"

namespace g6::sse {

browser_sessions::browser_sessions(int64_t lifetime_seconds, size_t max_sessions)
  : lifetime_ms_(std::max<int64_t>(1, lifetime_seconds) * 1000), max_sessions_(std::max<size_t>(1, max_sessions)) {}

std::optional<std::string> browser_sessions::open(int64_t now_ms) {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    return std::nullopt; // no weak fallback for a secret
  std::string id;
  for (auto b : random)
    id += fmt::format("{:02x}", b);
  std::lock_guard lock{mutex_};
  forget_expired(now_ms);
  if (expiry_by_hash_.size() >= max_sessions_) {
    auto first = std::min_element(expiry_by_hash_.begin(), expiry_by_hash_.end(),
                                  [](auto& a, auto& b) { return a.second < b.second; });
    expiry_by_hash_.erase(first);
  }
  expiry_by_hash_[sha256_hex(id)] = now_ms + lifetime_ms_;
  return id;
}

bool browser_sessions::valid(std::string_view id, int64_t now_ms) {
  if (id.size() != 64)
    return false;
  auto key = sha256_hex(id);
  std::lock_guard lock{mutex_};
  auto i = expiry_by_hash_.find(key);
  if (i == expiry_by_hash_.end())
    return false;
  if (now_ms >= i->second) {
    expiry_by_hash_.erase(i);
    return false;
  }
  return true;
}

void browser_sessions::close(std::string_view id) {
  auto key = sha256_hex(id);
  std::lock_guard lock{mutex_};
  expiry_by_hash_.erase(key);
}

size_t browser_sessions::size() {
  std::lock_guard lock{mutex_};
  return expiry_by_hash_.size();
}

void browser_sessions::forget_expired(int64_t now_ms) {
  std::erase_if(expiry_by_hash_, [&](auto& entry) { return now_ms >= entry.second; });
}

std::string_view session_cookie(std::string_view header) {
  while (!header.empty()) {
    auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == session_cookie_name)
      return pair.substr(eq + 1);
  }
  return {};
}

std::string session_set_cookie(std::string_view id, int64_t max_age_seconds) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict", session_cookie_name, id, max_age_seconds);
}

std::string session_clear_cookie() {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict", session_cookie_name);
}

} // namespace g6::sse
