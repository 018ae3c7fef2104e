# The project's HTTP client against a loopback Beast server, plain and TLS: keep-alive, time limits, size
# bounds, refused connections, bad URLs, certificate checks; and the URL helpers.
g6_test(http_client_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/http_client_test.cpp
          ${PROJECT_SOURCE_DIR}/tests/support/loopback_http_server.cpp
          ${PROJECT_SOURCE_DIR}/tests/support/self_signed_cert.cpp
  DEPS g6_http Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
# Asio's scheduler, inlined here, trips GCC 12's -Wnull-dereference (see actors/sse).
set_source_files_properties(${PROJECT_SOURCE_DIR}/tests/support/loopback_http_server.cpp
  PROPERTIES COMPILE_OPTIONS -Wno-null-dereference)
