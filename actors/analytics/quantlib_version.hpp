// quantlib_version.hpp — the version of QuantLib the benchmarks run beside g6's own code, for their reports
// ("" when g6 is built without QuantLib).
#pragma once

#ifdef G6_HAVE_QUANTLIB
#include <ql/version.hpp>
inline constexpr const char* quantlib_version = QL_VERSION;
#else
inline constexpr const char* quantlib_version = "";
#endif
