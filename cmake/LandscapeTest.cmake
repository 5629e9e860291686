# landscape_add_test(NAME name SOURCES a.cpp b.cpp LABELS unit [TIMEOUT s] [LIBS ...])
# One GoogleTest executable, linked against the common library, whose cases CTest lists one by one
# (gtest_discover_tests) as "name.Suite.Case": `ctest -R name` still selects the executable's cases.
# Discovery runs when CTest starts (PRE_TEST), not after the link: the sanitizer build need not run
# its executables at build time, and a case list never goes stale. Each case runs in its own
# process, so cases of one executable run side by side under `ctest -j`.
include(GoogleTest)

function(landscape_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LABELS;LIBS" ${ARGN})
  # Every test executable carries the LeakSanitizer suppressions of the libraries we call.
  add_executable(${T_NAME} ${T_SOURCES} ${PROJECT_SOURCE_DIR}/tests/support/lsan_suppressions.cpp)
  target_link_libraries(${T_NAME} PRIVATE landscape_common GTest::gtest GTest::gtest_main ${T_LIBS})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${T_NAME} PRIVATE
    LANDSCAPE_SOURCE_DIR_FALLBACK="${PROJECT_SOURCE_DIR}"
    LANDSCAPE_BIN_DIR_FALLBACK="${CMAKE_BINARY_DIR}/bin")
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
