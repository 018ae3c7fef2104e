// States as types: every state's to_string / parse round trip, and unknown or differently spelled words
// refused rather than read as some state.
#define BOOST_TEST_MODULE states
#include <boost/test/unit_test.hpp>

#include "actors/network/node_role.hpp"
#include "actors/panels/node_health.hpp"
#include "messages/auth_state.hpp"
#include "messages/breaker_state.hpp"
#include "messages/cycle_status.hpp"

using namespace g6;

BOOST_AUTO_TEST_CASE(cycle_status_text_round_trips) {
  for (auto& [status, name] : cycle_status_names)
    BOOST_TEST((parse_cycle_status(name) == status && to_string(status) == name));
  BOOST_TEST(to_string(cycle_status::ok) == "ok");
  BOOST_TEST(to_string(cycle_status::partial) == "partial");
  BOOST_TEST(to_string(cycle_status::failed) == "failed");
}

BOOST_AUTO_TEST_CASE(cycle_status_refuses_unknown_words) {
  for (auto word : {"", "OK", "fail", "skipped", "ok "})
    BOOST_TEST(!parse_cycle_status(word).has_value(), word);
}

BOOST_AUTO_TEST_CASE(ok_and_partial_are_stored) {
  BOOST_TEST(is_stored(cycle_status::ok));
  BOOST_TEST(is_stored(cycle_status::partial));
  BOOST_TEST(!is_stored(cycle_status::failed));
}

BOOST_AUTO_TEST_CASE(node_role_text_round_trips) {
  for (auto& [role, name] : node_role_names)
    BOOST_TEST((parse_node_role(name) == role && to_string(role) == name));
  BOOST_TEST(to_string(node_role::all) == "all");
  BOOST_TEST(to_string(node_role::hub) == "hub");
  BOOST_TEST(to_string(node_role::collector) == "collector");
}

BOOST_AUTO_TEST_CASE(node_role_refuses_unknown_words_and_names_the_allowed_ones) {
  for (auto word : {"", "Hub", "collectors", "both"})
    BOOST_TEST(!parse_node_role(word).has_value(), word);
  BOOST_TEST(node_role_words() == "all, hub or collector");
}

BOOST_AUTO_TEST_CASE(breaker_state_text_round_trips) {
  for (auto& [state, name] : breaker_state_names)
    BOOST_TEST((parse_breaker_state(name) == state && to_string(state) == name));
  BOOST_TEST(to_string(breaker_state::closed) == "closed");
  BOOST_TEST(to_string(breaker_state::open) == "open");
  BOOST_TEST(to_string(breaker_state::half_open) == "half_open");
  for (auto word : {"", "half-open", "Open", "opened"})
    BOOST_TEST(!parse_breaker_state(word).has_value(), word);
}

BOOST_AUTO_TEST_CASE(auth_state_text_round_trips) {
  for (auto& [state, name] : auth_state_names)
    BOOST_TEST((parse_auth_state(name) == state && to_string(state) == name));
  BOOST_TEST(to_string(auth_state::not_required) == "not_required");
  BOOST_TEST(to_string(auth_state::ok) == "ok");
  BOOST_TEST(to_string(auth_state::auth_required) == "auth_required");
  for (auto word : {"", "unknown", "AUTH REQUIRED", "required"})
    BOOST_TEST(!parse_auth_state(word).has_value(), word);
}

BOOST_AUTO_TEST_CASE(node_health_text_round_trips) {
  for (auto& [health, name] : node_health_names)
    BOOST_TEST((parse_node_health(name) == health && to_string(health) == name));
  BOOST_TEST(to_string(node_health::healthy) == "healthy");
  BOOST_TEST(to_string(node_health::degraded) == "degraded");
  BOOST_TEST(to_string(node_health::unhealthy) == "unhealthy");
  for (auto word : {"", "ok", "sick", "Healthy"})
    BOOST_TEST(!parse_node_health(word).has_value(), word);
}
