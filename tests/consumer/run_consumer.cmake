# Build and run a consumer project, proving the ways of using hatchnet from outside work.
# Invoked by ctest with -DSRC -DBIN -DWORK -DMODE (and -DCC, the C compiler, for pkg_config):
#   find_package      install, then find_package(hatchnet) and both targets (C++ and C)
#   add_subdirectory  add_subdirectory(hatchnet) and both targets
#   c_only            install, then a C-only project: find_package(hatchnet COMPONENTS c) with
#                     Boost, Eigen3, nlohmann_json, ZLIB and Threads made unfindable
#   pkg_config        install, MOVE the prefix elsewhere, then build tests/consumer/consumer.c
#                     with `cc $(pkg-config --cflags --libs hatchnet)` alone and run it with
#                     LD_LIBRARY_PATH and no HATCHNET_DATA_DIR: the library must find its data
#                     in the moved prefix, relative to itself
file(REMOVE_RECURSE "${WORK}")
if(NOT LIBDIR)
  set(LIBDIR lib)
endif()
if(NOT DATADIR)
  set(DATADIR share)
endif()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok\n${out}")
endfunction()

function(install_to prefix)
  execute_process(COMMAND ${CMAKE_COMMAND} --install "${BIN}" --prefix "${prefix}"
                  RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install failed")
  endif()
endfunction()

# The installed C program must run with the data it was installed with, wherever the prefix
# is; the environment must not point it anywhere.
set(no_data_env --unset=HATCHNET_DATA_DIR)

if(MODE STREQUAL "pkg_config")
  find_program(PKG_CONFIG NAMES pkg-config pkgconf REQUIRED)
  if(NOT CC)
    message(FATAL_ERROR "-DCC=<C compiler> is required")
  endif()
  install_to("${WORK}/prefix")
  # relocation: the prefix is moved after installing; nothing may still point at the old one
  file(RENAME "${WORK}/prefix" "${WORK}/moved")
  if(EXISTS "${WORK}/prefix")
    message(FATAL_ERROR "the prefix was not moved")
  endif()
  set(ENV{PKG_CONFIG_PATH} "${WORK}/moved/${LIBDIR}/pkgconfig")
  execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs hatchnet
                  RESULT_VARIABLE rc OUTPUT_VARIABLE flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs hatchnet failed: ${err}")
  endif()
  message(STATUS "pkg-config --cflags --libs hatchnet: ${flags}")
  string(FIND "${flags}" "${WORK}/moved/" at)
  if(NOT flags MATCHES "-lhatchnet" OR at EQUAL -1)
    message(FATAL_ERROR "pkg-config does not point into the moved prefix: ${flags}")
  endif()
  execute_process(COMMAND "${PKG_CONFIG}" --modversion hatchnet OUTPUT_VARIABLE ver OUTPUT_STRIP_TRAILING_WHITESPACE)
  file(STRINGS "${SRC}/capi/include/hatchnet/hatchnet.h" majors REGEX "^#define HN_VERSION_MAJOR ")
  string(REGEX MATCH "[0-9]+$" major "${majors}")
  if(NOT ver MATCHES "^${major}\\.")
    message(FATAL_ERROR "pkg-config --modversion hatchnet says '${ver}', the header's major is ${major}")
  endif()
  separate_arguments(flag_list UNIX_COMMAND "${flags}")
  file(MAKE_DIRECTORY "${WORK}/build")
  run("cc consumer.c $(pkg-config --cflags --libs hatchnet)"
      "${CC}" -std=c99 -Wall -Wextra -pedantic -Werror "${SRC}/tests/consumer/consumer.c"
      -o "${WORK}/build/consumer_c" ${flag_list})
  run("consumer_c against the moved prefix"
      ${CMAKE_COMMAND} -E env ${no_data_env} "LD_LIBRARY_PATH=${WORK}/moved/${LIBDIR}"
      "${WORK}/build/consumer_c" "${WORK}/moved/${DATADIR}/hatchnet")
  return()
endif()

if(MODE STREQUAL "c_only")
  install_to("${WORK}/prefix")
  set(disabled)
  foreach(pkg Boost Eigen3 nlohmann_json ZLIB Threads)
    list(APPEND disabled -DCMAKE_DISABLE_FIND_PACKAGE_${pkg}=ON)
  endforeach()
  run("configure the C-only consumer"
      ${CMAKE_COMMAND} -S "${SRC}/tests/consumer/c_only" -B "${WORK}/build"
      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH=${WORK}/prefix ${disabled})
  run("build the C-only consumer" ${CMAKE_COMMAND} --build "${WORK}/build")
  run("consumer_c" ${CMAKE_COMMAND} -E env ${no_data_env}
      "${WORK}/build/consumer_c" "${WORK}/prefix/${DATADIR}/hatchnet")
  return()
endif()

if(MODE STREQUAL "find_package")
  install_to("${WORK}/prefix")
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
