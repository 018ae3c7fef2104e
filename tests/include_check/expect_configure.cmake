# expect_configure.cmake — one test of the include check (tests/CMakeLists.txt, label lint): configures this
# fixture with G6_CASE=CASE in BINARY_DIR, and fails unless the configure step passes (linked) or fails
# naming exactly the includes the case breaks (unlinked, caf).
#   cmake -DCASE=unlinked -DBINARY_DIR=/tmp/fixture -DGENERATOR="Unix Makefiles" -P expect_configure.cmake
set(violations_of_linked "")
set(violations_of_unlinked
  "report/report.cpp:2: includes \"quotes/quote.hpp\" (owned by fixture_quotes), which fixture_report does not link"
  "report/report.cpp:3: includes \"quotes/quote_fields.hpp\" (owned by fixture_quotes), which fixture_report does not link")
set(violations_of_caf
  "pricing/pricing.cpp:2: includes <caf/actor.hpp> (owned by CAF::core), which fixture_pricing does not link")
if(NOT DEFINED violations_of_${CASE})
  message(FATAL_ERROR "expect_configure: no case ${CASE} (linked, unlinked, caf)")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${BINARY_DIR} -G ${GENERATOR} -DG6_CASE=${CASE}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
string(REGEX MATCHALL "[^ \n]+:[0-9]+: includes [^\n]*" reported "${output}")
list(LENGTH reported reported_count)
list(LENGTH violations_of_${CASE} expected_count)

if(expected_count EQUAL 0 AND NOT result EQUAL 0)
  message(FATAL_ERROR "expect_configure: ${CASE}: the configure step should pass:\n${output}")
endif()
if(expected_count GREATER 0 AND result EQUAL 0)
  message(FATAL_ERROR "expect_configure: ${CASE}: the configure step should fail:\n${output}")
endif()
if(NOT reported_count EQUAL expected_count)
  message(FATAL_ERROR "expect_configure: ${CASE}: ${reported_count} violations reported, ${expected_count} expected:\n${output}")
endif()
foreach(violation IN LISTS violations_of_${CASE})
  string(FIND "${output}" "${violation}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expect_configure: ${CASE}: not reported: ${violation}\n${output}")
  endif()
endforeach()
message(STATUS "expect_configure: ${CASE}: as expected (${expected_count} violations)")
