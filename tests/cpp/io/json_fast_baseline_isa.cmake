# The fast JSON reader's object code needs nothing beyond baseline x86-64 (docs/benchmarks.md,
# "The simdjson kernel"): simdjson's SIMD kernels run inside libsimdjson, chosen at run time,
# and json_fast.cpp is compiled for one target only, so no inline function compiled with AVX2
# there can be merged by the linker into code that runs on a CPU without it.
#   cmake -DOBJDUMP=<objdump> -DOBJECTS=<object|object|...> -P json_fast_baseline_isa.cmake
# Fails naming the function and the instruction when an object of src/io/json_fast*.cpp holds
# a VEX/EVEX-encoded instruction (v-prefixed SSE/AVX forms, ymm/zmm registers) or a BMI, LZCNT,
# POPCNT, PCLMUL or SSE4.2 CRC32 instruction. (tzcnt is allowed: GCC emits `rep bsf` for
# __builtin_ctz, which objdump prints as tzcnt and CPUs without BMI run as bsf.)
string(REPLACE "|" ";" objects "${OBJECTS}")
set(checked 0)
foreach(obj IN LISTS objects)
  get_filename_component(name "${obj}" NAME)
  if(NOT name MATCHES "^json_fast.*\\.(o|obj)$")
    continue()
  endif()
  execute_process(COMMAND "${OBJDUMP}" -d --no-show-raw-insn "${obj}"
                  OUTPUT_VARIABLE asm RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${OBJDUMP} -d ${obj} failed")
  endif()
  string(REPLACE ";" "," asm "${asm}")
  string(REPLACE "\n" ";" lines "${asm}")
  set(fn "?")
  set(bad "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[0-9a-f]+ <(.*)>:$")
      set(fn "${CMAKE_MATCH_1}")
    elseif(line MATCHES "\t(v[a-z0-9]+|andn|bextr|blsi|blsmsk|blsr|bzhi|pdep|pext|rorx|sarx|shlx|shrx|lzcnt|popcnt|pclmul[a-z]*|crc32[bwlq]?)[ \t]"
           OR line MATCHES "%[yz]mm[0-9]")
      string(APPEND bad "  ${fn}: ${line}\n")
    endif()
  endforeach()
  if(bad)
    message(FATAL_ERROR "${name} holds instructions beyond baseline x86-64:\n${bad}")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no json_fast object among OBJECTS (${OBJECTS})")
endif()
message(STATUS "${checked} json_fast object(s): baseline x86-64 instructions only")
