// The cycle status on CAF's binary wire: still the text it was when it was a string, so that cycle
// records a collector journaled in its outbox before the change load after it, and an unknown word fails
// the load instead of becoming some status.
#define BOOST_TEST_MODULE message_wire
#include <boost/test/unit_test.hpp>

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "messages/actors.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;

namespace {

/// cycle_record and index_cycle_result as they were with string statuses: the layout of old outbox items.
struct legacy_result {
  std::string index;
  std::string status;
  uint32_t options_expected = 0;
  uint32_t options_collected = 0;
  uint32_t dropped = 0;
  int64_t latency_us = 0;
  std::string error;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, legacy_result& x) {
  return f(x.index, x.status, x.options_expected, x.options_collected, x.dropped, x.latency_us, x.error);
}

struct legacy_record {
  uint64_t cycle_id = 0;
  epoch_ms started = 0;
  epoch_ms ended = 0;
  std::string status;
  std::vector<legacy_result> indices;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, legacy_record& x) {
  return f(x.cycle_id, x.started, x.ended, x.status, x.indices);
}

struct fixture : testing::actor_test_system {
  template <class T>
  std::vector<char> bytes_of(T x) {
    std::vector<char> bytes;
    caf::binary_serializer sink{sys, bytes};
    BOOST_REQUIRE(!sink(x));
    return bytes;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(message_wire, fixture)

BOOST_AUTO_TEST_CASE(a_cycle_record_journaled_with_string_statuses_loads) {
  legacy_record old{
    7, 1000, 2000, "partial", {{"NIFTY", "ok", 84, 84, 0, 500, ""}, {"SENSEX", "failed", 84, 0, 0, 9, "x"}}};
  cycle_record rec;
  auto old_bytes = bytes_of(old); // the deserializer reads from it: it must outlive the load
  caf::binary_deserializer source{sys, old_bytes};
  BOOST_REQUIRE(!source(rec));
  BOOST_TEST((rec.status == cycle_status::partial));
  BOOST_REQUIRE(rec.indices.size() == 2u);
  BOOST_TEST((rec.indices[0].status == cycle_status::ok));
  BOOST_TEST((rec.indices[1].status == cycle_status::failed));
  BOOST_TEST(rec.indices[1].error == "x");
  // And the other way: what is written today is what older code reads.
  legacy_record back;
  auto new_bytes = bytes_of(rec);
  caf::binary_deserializer again{sys, new_bytes};
  BOOST_REQUIRE(!again(back));
  BOOST_TEST(back.status == "partial");
  BOOST_TEST(back.indices[0].status == "ok");
}

BOOST_AUTO_TEST_CASE(an_unknown_status_word_fails_the_load) {
  legacy_record old{7, 1000, 2000, "skipped", {}};
  cycle_record rec;
  auto old_bytes = bytes_of(old); // the deserializer reads from it: it must outlive the load
  caf::binary_deserializer source{sys, old_bytes};
  auto err = source(rec);
  BOOST_CHECK_MESSAGE(err, "loaded a record with status 'skipped'");
  BOOST_TEST(sys.render(err).find("unknown cycle status 'skipped'") != std::string::npos, sys.render(err));
}

BOOST_AUTO_TEST_SUITE_END()
