# landscape_add_test(NAME name SOURCES a.cpp b.cpp LABELS unit [TIMEOUT s] [LIBS ...])
# One GoogleTest executable, linked against the common library, whose cases CTest lists one by one
# (gtest_discover_tests) as "name.Suite.Case": `ctest -R name` still selects the executable's cases.
# Discovery runs when CTest starts (PRE_TEST), not after the link: the sanitizer build need not run
# its executables at build time, and a case list never goes stale. Each case runs in its own
# process, so cases of one executable run side by side under `ctest -j`.
include(GoogleTest)

# landscape_shared_pch(TARGET name SOURCE file.cpp HEADERS <a.h> ... [LIBS ...] [DEFINITIONS ...])
# A donor of precompiled headers (LANDSCAPE_PCH, GCC): an object library that compiles the given
# third-party headers once, so that targets declaring `target_precompile_headers(t REUSE_FROM
# name)` skip parsing them (GoogleTest and the standard library for every test: the Release tree
# builds 90 s of CPU faster). Clang (the sanitizer and fuzz tree) refuses a header precompiled with
# other macros, so it parses as before; so does a build without the option. Project headers stay
# out: one change to them would rebuild every test.
function(landscape_shared_pch)
  cmake_parse_arguments(P "" "TARGET;SOURCE" "HEADERS;LIBS;DEFINITIONS" ${ARGN})
  if(NOT LANDSCAPE_PCH OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  add_library(${P_TARGET} OBJECT ${P_SOURCE})
  target_link_libraries(${P_TARGET} PRIVATE ${P_LIBS})
  target_include_directories(${P_TARGET} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${P_TARGET} PRIVATE ${P_DEFINITIONS})
  target_precompile_headers(${P_TARGET} PRIVATE ${P_HEADERS})
endfunction()

function(landscape_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LABELS;LIBS" ${ARGN})
  # Every test executable carries the LeakSanitizer suppressions of the libraries we call.
  add_executable(${T_NAME} ${T_SOURCES} $<TARGET_OBJECTS:landscape_lsan_suppressions>)
  target_link_libraries(${T_NAME} PRIVATE landscape_common GTest::gtest GTest::gtest_main ${T_LIBS})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${T_NAME} PRIVATE ${LANDSCAPE_TEST_DEFINITIONS})
  if(TARGET landscape_test_pch)
    target_precompile_headers(${T_NAME} REUSE_FROM landscape_test_pch)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  gtest_discover_tests(${T_NAME}
    TEST_PREFIX "${T_NAME}."
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/tests
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    NO_PRETTY_VALUES
    PROPERTIES
      LABELS "${T_LABELS}"
      TIMEOUT ${T_TIMEOUT}
      ENVIRONMENT "LANDSCAPE_SOURCE_DIR=${CMAKE_SOURCE_DIR};LANDSCAPE_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()
