# cmake -DSOURCE_DIR=<top> -P CheckSelfContained.cmake
# A user's clone has nothing beside it: no file that tests, benchmarks, examples, scripts or the
# docs read may name the developers' shared directory next to the checkout. Fails with each
# offending file:line.
file(GLOB_RECURSE candidates LIST_DIRECTORIES false
  "${SOURCE_DIR}/tests/*" "${SOURCE_DIR}/bench/*" "${SOURCE_DIR}/examples/*"
  "${SOURCE_DIR}/scripts/*" "${SOURCE_DIR}/doc/*")
list(APPEND candidates "${SOURCE_DIR}/README.md" "${SOURCE_DIR}/CMakeLists.txt")
set(pattern "\\.\\./shared")
set(found "")
foreach(f IN LISTS candidates)
  file(STRINGS "${f}" lines REGEX "${pattern}")
  if(lines)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    foreach(l IN LISTS lines)
      string(APPEND found "${rel}: ${l}\n")
    endforeach()
  endif()
endforeach()
if(found)
  message(FATAL_ERROR "files that name the directory beside the checkout (absent in a user's clone):\n${found}")
endif()
list(LENGTH candidates n)
message(STATUS "${n} files checked: none names a directory outside the repository")
