# landscape_add_program(name [LIBS lib...])
# A program of the suite from the directory it is called in: every .cpp but main.cpp makes the
# library name_lib (its keyword table and algorithms, which tests call), main.cpp the program
# itself, kept thin.
function(landscape_add_program name)
  cmake_parse_arguments(P "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/main.cpp)
  add_library(${name}_lib STATIC ${sources})
  target_link_libraries(${name}_lib PUBLIC landscape_common ${P_LIBS})
  add_executable(${name} main.cpp)
  target_link_libraries(${name} PRIVATE ${name}_lib)
endfunction()
