# G6Options.cmake — warnings, sanitizers and ccache for every g6 target, and the functions that declare
# components and tests, each registered with the include check (G6IncludeCheck.cmake).
option(G6_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(G6_WERROR "Treat warnings as errors" OFF)

include(${CMAKE_CURRENT_LIST_DIR}/G6IncludeCheck.cmake)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

add_library(g6_warnings INTERFACE)
target_compile_options(g6_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(G6_WERROR)
  target_compile_options(g6_warnings INTERFACE -Werror)
endif()

if(G6_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# g6_component(NAME SOURCES... [HEADERS ...] [DEPS ...]) — one static library per component folder. HEADERS:
# header-only headers of the folder that belong to it in the include check (cmake/G6IncludeCheck.cmake), when
# the rule for the folder's header-only headers would give them to another of its components.
function(g6_component name)
  cmake_parse_arguments(arg "" "" "SOURCES;HEADERS;DEPS" ${ARGN})
  add_library(${name} STATIC ${arg_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${arg_DEPS} PRIVATE g6_warnings)
  set_target_properties(${name} PROPERTIES G6_HEADERS "${arg_HEADERS}")
  g6_check_includes_of(${name})
endfunction()

# g6_header_component(NAME HEADERS... DEPS ...) — a header-only library: an INTERFACE target that owns
# HEADERS (relative to its folder) in the include check (cmake/G6IncludeCheck.cmake).
function(g6_header_component name)
  cmake_parse_arguments(arg "" "" "HEADERS;DEPS" ${ARGN})
  add_library(${name} INTERFACE)
  target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} INTERFACE ${arg_DEPS})
  set_target_properties(${name} PROPERTIES G6_HEADERS "${arg_HEADERS}")
  g6_check_includes_of(${name})
endfunction()

# g6_test(NAME SOURCES... DEPS ...) — a Boost.Test executable registered with CTest. Tests run from the
# project root so they find ../shared/data and config/ as users do.
function(g6_test name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  add_executable(${name} ${arg_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${arg_DEPS} Boost::unit_test_framework g6_warnings)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  g6_check_includes_of(${name})
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  if(G6_SANITIZE)
    # Inherited by the g6 processes end-to-end tests start; see the file for what it suppresses and why.
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/cmake/lsan_suppressions.txt")
  endif()
  if(arg_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${arg_LABELS}")
  endif()
endfunction()

# g6_integration_test(NAME SOURCES... DEPS ... [TIMEOUT S] [LABELS ...]) — an end-to-end test of the real g6
# binary: a g6_test with tests/integration/g6_process.cpp, G6_BINARY_PATH, built after g6, labelled
# integration unless LABELS says otherwise (default timeout 900 s).
function(g6_integration_test name)
  cmake_parse_arguments(arg "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT BUILD_TESTING)
    return()
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 900)
  endif()
  g6_test(${name} SOURCES ${arg_SOURCES} ${PROJECT_SOURCE_DIR}/tests/integration/g6_process.cpp DEPS ${arg_DEPS})
  target_compile_definitions(${name} PRIVATE G6_BINARY_PATH="$<TARGET_FILE:g6>")
  add_dependencies(${name} g6)
  if(NOT arg_LABELS)
    set(arg_LABELS integration)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${arg_LABELS}" TIMEOUT ${arg_TIMEOUT})
endfunction()

# libFuzzer targets of the parsers (tests/fuzz), built with clang when it is installed; each runs for
# G6_FUZZ_SECONDS as a ctest test.
option(G6_FUZZ "Build the libFuzzer targets with clang and run them briefly in ctest" ON)
set(G6_FUZZ_SECONDS 5 CACHE STRING "Seconds each fuzzer runs under ctest")
