#include "actors/network/node_role.hpp"

namespace g6 {

std::string node_role_words() {
  std::string words;
  for (size_t i = 0; i < node_role_names.size(); ++i) {
    if (i > 0)
      words += i + 1 == node_role_names.size() ? " or " : ", ";
    words += node_role_names[i].second;
  }
  return words;
}

} // namespace g6
