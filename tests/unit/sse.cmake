# The live stream: the protocol (framing, parsing, merge patches, ids, resume, the client's mirror, the
# access policy), the server on loopback (streams, resume, every refusal, backpressure) and the client.
g6_test(sse_protocol_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/sse_protocol_test.cpp DEPS g6_sse_core)
g6_test(sse_server_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/sse_server_test.cpp DEPS g6_sse_core prometheus-cpp::core)
# The stream's client against a scripted server: chunks cut anywhere, head and body limits, deadlines.
g6_test(event_stream_client_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/event_stream_client_test.cpp DEPS g6_sse_core)
# Asio's scheduler, inlined into these, trips GCC 12's -Wnull-dereference (see actors/sse).
set_source_files_properties(${PROJECT_SOURCE_DIR}/tests/unit/sse_server_test.cpp ${PROJECT_SOURCE_DIR}/tests/unit/sse_protocol_test.cpp
  ${PROJECT_SOURCE_DIR}/tests/unit/event_stream_client_test.cpp
  PROPERTIES COMPILE_OPTIONS -Wno-null-dereference)
# The web app's pure parts: API answers from a real store's database, sessions, embedded assets.
g6_test(web_api_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/web_api_test.cpp DEPS g6_sse_core ZLIB::ZLIB)
