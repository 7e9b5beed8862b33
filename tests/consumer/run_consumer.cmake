# Build and run a consumer project, proving `find_package(hatchnet)` after install and
# `add_subdirectory(hatchnet)` both work. Invoked by ctest with -DSRC -DBIN -DWORK -DMODE.
file(REMOVE_RECURSE "${WORK}")
if(MODE STREQUAL "find_package")
  execute_process(COMMAND ${CMAKE_COMMAND} --install "${BIN}" --prefix "${WORK}/prefix"
                  RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install failed")
  endif()
  set(args -DCMAKE_PREFIX_PATH=${WORK}/prefix)
  set(dir "${SRC}/tests/consumer/find_package")
else()
  set(args -DHATCHNET_SOURCE=${SRC})
  set(dir "${SRC}/tests/consumer/add_subdirectory")
endif()
# unoptimised: this proves the packaging, not the speed, and -O0 compiles the core in a third of the time
execute_process(COMMAND ${CMAKE_COMMAND} -S "${dir}" -B "${WORK}/build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_C_FLAGS_DEBUG=-O0 ${args}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}/build" -j 2 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed")
endif()
execute_process(COMMAND "${WORK}/build/consumer" "${SRC}/tests/data/small.json" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer failed")
endif()
