// g6::expected: a value or a typed error, the one result type of the pure code.
#define BOOST_TEST_MODULE expected
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "messages/expected.hpp"

using namespace g6;

namespace {

enum class parse_errc { empty, not_a_number };

struct parse_error {
  parse_errc reason = parse_errc::empty;
  std::string message;
};

expected<int, parse_error> parse_digit(const std::string& text) {
  if (text.empty())
    return unexpected{parse_error{parse_errc::empty, "nothing to parse"}};
  if (text.size() != 1 || text[0] < '0' || text[0] > '9')
    return unexpected{parse_error{parse_errc::not_a_number, "'" + text + "' is not a digit"}};
  return text[0] - '0';
}

expected<void, parse_error> check_digit(const std::string& text) {
  auto parsed = parse_digit(text);
  if (!parsed)
    return unexpected{std::move(parsed).error()};
  return {};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_value_is_there_and_no_error) {
  auto r = parse_digit("7");
  BOOST_TEST(r.has_value());
  BOOST_TEST(static_cast<bool>(r));
  BOOST_TEST(*r == 7);
}

BOOST_AUTO_TEST_CASE(an_error_carries_its_typed_reason_and_message) {
  auto r = parse_digit("x");
  BOOST_TEST(!r.has_value());
  BOOST_TEST((r.error().reason == parse_errc::not_a_number));
  BOOST_TEST(r.error().message == "'x' is not a digit");
  BOOST_TEST((parse_digit("").error().reason == parse_errc::empty));
}

BOOST_AUTO_TEST_CASE(values_and_errors_move_out) {
  expected<std::unique_ptr<int>, std::string> owned{std::make_unique<int>(3)};
  auto taken = *std::move(owned);
  BOOST_TEST(*taken == 3);
  expected<std::string, std::string> failed{unexpected{std::string{"why"}}};
  BOOST_TEST(!failed.has_value()); // the same type on both sides stays an error
  BOOST_TEST(std::move(failed).error() == "why");
  expected<std::string, int> text{"abc"};
  BOOST_TEST(text->size() == 3u);
}

BOOST_AUTO_TEST_CASE(void_is_success_or_the_error) {
  auto ok = check_digit("4");
  BOOST_TEST(ok.has_value());
  BOOST_TEST(static_cast<bool>(ok));
  BOOST_CHECK_THROW(ok.error(), std::bad_variant_access);
  auto failed = check_digit("");
  BOOST_TEST(!failed);
  BOOST_TEST((failed.error().reason == parse_errc::empty));
  BOOST_TEST(std::move(failed).error().message == "nothing to parse");
}
