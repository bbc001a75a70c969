# Sanitizer and fuzzing instrumentation, applied to every target of the build (library, CLI,
# tests) so that a finding anywhere in journeysim's own code stops the run. Debian's libraries
# (yaml-cpp, TBB) stay uninstrumented: findings inside them are out of reach here.
#
# JOURNEYSIM_SANITIZE: "" (off), "address,undefined" or "thread".
# JOURNEYSIM_BUILD_FUZZERS: adds libFuzzer coverage to everything and builds fuzz/ (clang only);
#   it composes with address,undefined so one build serves both the test suite and the fuzzers.
set(JOURNEYSIM_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined | thread")
option(JOURNEYSIM_BUILD_FUZZERS "Build the libFuzzer targets in fuzz/ (clang)" OFF)

if(JOURNEYSIM_SANITIZE)
  add_compile_options(-fsanitize=${JOURNEYSIM_SANITIZE} -fno-omit-frame-pointer -g1)
  add_link_options(-fsanitize=${JOURNEYSIM_SANITIZE})
  if(JOURNEYSIM_SANITIZE MATCHES "undefined")
    # Any undefined behaviour fails the test that triggered it instead of printing and going on.
    add_compile_options(-fno-sanitize-recover=all)
  endif()
endif()

if(JOURNEYSIM_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "JOURNEYSIM_BUILD_FUZZERS needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
  endif()
  # Coverage counters everywhere; only the fuzz executables link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
