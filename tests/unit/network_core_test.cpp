// The pure parts of nodes over the network: handshake checks, index claims, addresses, console command
// parsing and the node file (the collector's outbox is a spill_queue: spill_queue_test).
#define BOOST_TEST_MODULE network_core
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "actors/network/console_command.hpp"
#include "actors/network/node_file.hpp"
#include "actors/network/peer_protocol.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(a_peer_with_another_protocol_is_refused_with_both_versions) {
  peer_hello hello{peer_protocol_version + 1, "9.9.9", "alpha", "", {"NIFTY"}, {}};
  auto why = handshake_refusal(hello, "1.0.0", "");
  BOOST_TEST_REQUIRE(why.has_value());
  BOOST_TEST(*why
             == "incompatible peer: node 'alpha' (g6 9.9.9) speaks peer protocol "
                  + std::to_string(peer_protocol_version + 1) + ", this node (g6 1.0.0) speaks "
                  + std::to_string(peer_protocol_version) + "; run the same g6 release on both");
}

BOOST_AUTO_TEST_CASE(the_secret_must_match_when_the_node_has_one) {
  peer_hello hello{peer_protocol_version, "1.0.0", "alpha", "wrong", {"NIFTY"}, {}};
  BOOST_TEST(handshake_refusal(hello, "1.0.0", "").has_value() == false);
  BOOST_TEST(*handshake_refusal(hello, "1.0.0", "right")
             == "node 'alpha' presented a wrong shared secret (nodes.secret / G6_NODE_SECRET)");
  hello.secret = "right";
  BOOST_TEST(handshake_refusal(hello, "1.0.0", "right").has_value() == false);
  BOOST_TEST(secret_matches("abc", "abcd") == false);
  BOOST_TEST(secret_matches("abc", "ab") == false);
}

BOOST_AUTO_TEST_CASE(listening_beyond_loopback_needs_a_secret) {
  BOOST_TEST(is_loopback("127.0.0.1"));
  BOOST_TEST(is_loopback("127.1.2.3"));
  BOOST_TEST(is_loopback("::1"));
  BOOST_TEST(is_loopback("localhost"));
  BOOST_TEST(!is_loopback("0.0.0.0"));
  BOOST_TEST(!is_loopback("10.0.0.2"));
  BOOST_TEST(!listen_refusal("127.0.0.1", "").has_value());
  BOOST_TEST(!listen_refusal("10.0.0.2", "s").has_value());
  BOOST_TEST(*listen_refusal("10.0.0.2", "")
             == "listening on 10.0.0.2 (not loopback) needs a shared secret: set nodes.secret or G6_NODE_SECRET");
}

BOOST_AUTO_TEST_CASE(host_and_port_are_parsed_strictly) {
  auto a = parse_host_port("127.0.0.1:4242");
  BOOST_TEST_REQUIRE(a.has_value());
  BOOST_TEST(a->host == "127.0.0.1");
  BOOST_TEST(a->port == 4242);
  auto b = parse_host_port("[::1]:80");
  BOOST_TEST_REQUIRE(b.has_value());
  BOOST_TEST(b->host == "::1");
  BOOST_TEST(!parse_host_port("127.0.0.1:0").has_value());
  BOOST_TEST(parse_host_port("127.0.0.1:0", true)->port == 0);
  BOOST_TEST(!parse_host_port("127.0.0.1").has_value());
  BOOST_TEST(!parse_host_port(":80").has_value());
  BOOST_TEST(!parse_host_port("h:65536").has_value());
  BOOST_TEST(!parse_host_port("h:12x").has_value());
}

BOOST_AUTO_TEST_CASE(a_second_claim_on_an_index_is_refused_until_its_owner_is_released) {
  index_claims claims;
  BOOST_TEST(claims.claim("alpha", {"NIFTY", "SENSEX"}).has_value());
  BOOST_TEST(claims.claim("beta", {"BANKNIFTY"}).has_value());
  auto refused = claims.claim("rival", {"FINNIFTY", "NIFTY"});
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error() == "index NIFTY is already collected by node 'alpha'; node 'rival' refused");
  BOOST_TEST(!claims.owner("FINNIFTY").has_value());        // all or nothing
  BOOST_TEST(claims.claim("alpha", {"NIFTY"}).has_value()); // its own again: fine
  BOOST_TEST((claims.release("alpha") == std::vector<std::string>{"NIFTY", "SENSEX"}));
  BOOST_TEST(claims.claim("rival", {"NIFTY"}).has_value());
  BOOST_TEST(*claims.owner("NIFTY") == "rival");
}

BOOST_AUTO_TEST_CASE(console_commands_are_parsed_with_their_arguments) {
  auto parse = [](std::vector<std::string> words) { return parse_console_command(words); };
  auto status = *parse({"status", "--json", "--detailed"});
  BOOST_TEST((status.verb == console_verb::status && status.json && status.detailed));
  auto pause = *parse({"pause", "NIFTY"});
  BOOST_TEST((pause.verb == console_verb::pause && pause.argument == "NIFTY"));
  BOOST_TEST((parse({"cycle", "now"})->verb == console_verb::cycle_now));
  BOOST_TEST(parse({"cycle"}).error() == "usage: cycle now");
  BOOST_TEST(parse({"pause"}).error() == "usage: pause INDEX");
  BOOST_TEST(parse({"status", "--yaml"}).error()
             == "status: unknown option --yaml; usage: status [--detailed] [--json]");
  BOOST_TEST(parse({"log-level", "loud"}).error()
             == "log-level: unknown level loud (trace, debug, info, warn, error, critical, off)");
  BOOST_TEST(parse({"frobnicate"}).error() == "unknown command frobnicate; try help");
  BOOST_TEST(console_help().find("  restart COMPONENT") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_node_file_round_trips_and_is_private) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  BOOST_TEST(write_node_file(dir.path(), node_file{node_role::hub, 42, "127.0.0.1", 4242, "s3cret"}).has_value());
  auto read = read_node_file(dir.path());
  BOOST_TEST_REQUIRE(read.has_value());
  auto& f = *read;
  BOOST_TEST(
    (f.role == node_role::hub && f.pid == 42 && f.host == "127.0.0.1" && f.port == 4242 && f.secret == "s3cret"));
  auto perms = fs::status(node_file_path(dir.path())).permissions() & fs::perms::all;
  BOOST_TEST((perms == (fs::perms::owner_read | fs::perms::owner_write)));
  fs::remove(node_file_path(dir.path()));
  BOOST_TEST(read_node_file(dir.path()).error().find("no running node found") == 0);
}

BOOST_AUTO_TEST_CASE(a_node_file_with_an_unknown_role_is_refused_naming_the_roles) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  std::ofstream{node_file_path(dir.path())}
    << R"({"role": "hubb", "pid": 1, "host": "127.0.0.1", "port": 1, "secret": ""})";
  auto read = read_node_file(dir.path());
  BOOST_TEST_REQUIRE(!read.has_value());
  BOOST_TEST(read.error().find("role 'hubb' is not all, hub or collector") != std::string::npos, read.error());
}
