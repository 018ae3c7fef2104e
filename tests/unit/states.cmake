# States as types: each domain state's text round trip and refusal of unknown words (pure), and the
# cycle status on CAF's wire as the text it always was (so outbox items journaled earlier still load);
# g6::expected, the one result type of the pure code.
g6_test(states_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/states_test.cpp
        DEPS g6_messages g6_network_core g6_supervision_core g6_panels_core)
g6_test(message_wire_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/message_wire_test.cpp DEPS g6_messages_caf)
g6_test(expected_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/expected_test.cpp DEPS g6_messages)
