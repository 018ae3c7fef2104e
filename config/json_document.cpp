// json_document.cpp — JSON pointer helpers for the config document (see json_document.hpp).
#include "config/json_document.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace g6::config_detail {

std::string to_pointer(const tokens& path) {
  std::string result;
  for (auto& token : path) {
    result += '/';
    for (char c : token) {
      if (c == '~')
        result += "~0";
      else if (c == '/')
        result += "~1";
      else
        result += c;
    }
  }
  return result;
}

tokens split_pointer(std::string_view pointer) {
  tokens result;
  for (auto rest = pointer.substr(1);;) {
    auto slash = rest.find('/');
    result.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos)
      return result;
    rest = rest.substr(slash + 1);
  }
}

std::string dotted(std::string_view pointer) {
  std::string result{pointer.substr(1)};
  std::replace(result.begin(), result.end(), '/', '.');
  return result;
}

const document* value_at(const document& root, const tokens& path) {
  const document* node = &root;
  for (auto& token : path) {
    if (node->is_object()) {
      auto i = node->find(token);
      if (i == node->end())
        return nullptr;
      node = &*i;
    } else if (node->is_array()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc{} || end != token.data() + token.size() || index >= node->size())
        return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

std::string json_string(std::string_view text) {
  return document(text).dump();
}

std::string join(const std::vector<std::string>& items) {
  std::string result;
  for (auto& item : items) {
    if (!result.empty())
      result += ", ";
    result += item;
  }
  return result;
}

} // namespace g6::config_detail
