# landscape_add_test(NAME name SOURCES a.cpp b.cpp LABELS unit [TIMEOUT s])
# One GoogleTest executable registered with CTest, linked against the common library.
function(landscape_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LABELS;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE landscape_common GTest::gtest GTest::gtest_main ${T_LIBS})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${T_NAME} PRIVATE
    LANDSCAPE_SOURCE_DIR_FALLBACK="${PROJECT_SOURCE_DIR}"
    LANDSCAPE_BIN_DIR_FALLBACK="${CMAKE_BINARY_DIR}/bin")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "LANDSCAPE_SOURCE_DIR=${CMAKE_SOURCE_DIR};LANDSCAPE_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()
