# Nodes over the network: the pure protocol, outbox and console parts, and the gateway's handshake over a
# real middleman connection on loopback.
g6_test(network_core_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/network_core_test.cpp
  DEPS g6_network_core g6_peer_protocol)
g6_test(gateway_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/gateway_test.cpp DEPS g6_network g6_node)
