# Kite's WebSocket ticker, the pure part: binary frames into ticks, text messages, subscribe and mode requests.
g6_test(ticker_frame_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/ticker_frame_test.cpp
  DEPS g6_kite_ticker_core nlohmann_json::nlohmann_json)
# The pure parts of streaming: a connection's life, the plan over connections, the tick book, the URL.
g6_test(ticker_stream_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/ticker_stream_test.cpp
  DEPS g6_kite_ticker_core g6_kite_ticker_client)
