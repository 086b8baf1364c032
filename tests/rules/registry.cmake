# The rule registry cannot drift from the files (issue 11): run as
#   cmake -DRULES=analysis/rules -DFIXTURES=tests/rules -P registry.cmake
# A rule file is analysis/rules/<rule-id>.c, the id in kebab-case; a name
# with an underscore is a helper (isolation_support.c, general_helpers.h).
# Fails when
#   - a rule file has no INFA_RULE line in general.def or isolation.def,
#     or none of its own `const infa_rule infa_rule_<id>` object,
#   - a rule file has no fixture folder tests/rules/<rule-id>/,
#   - a .def line names no rule file, or a rule is listed twice,
#   - a helper file defines a rule object (a rule hidden as a helper),
#   - a fixture folder names no rule file.
cmake_minimum_required(VERSION 3.16)
get_filename_component(RULES "${RULES}" ABSOLUTE)
get_filename_component(FIXTURES "${FIXTURES}" ABSOLUTE)
set(problems "")

set(listed "")
foreach(def general.def isolation.def)
  if(NOT EXISTS ${RULES}/${def})
    list(APPEND problems "${def} is missing")
    continue()
  endif()
  file(STRINGS ${RULES}/${def} lines REGEX "^[ \t]*INFA_RULE[ \t]*\\(")
  foreach(line ${lines})
    string(REGEX REPLACE "^[ \t]*INFA_RULE[ \t]*\\([ \t]*([A-Za-z0-9_]*)[ \t]*\\).*$" "\\1"
           name "${line}")
    string(REPLACE "_" "-" id "${name}")
    if(name IN_LIST listed)
      list(APPEND problems "${def}: ${id} is listed more than once")
    endif()
    list(APPEND listed ${name})
    if(NOT EXISTS ${RULES}/${id}.c)
      list(APPEND problems "${def}: INFA_RULE(${name}) has no file analysis/rules/${id}.c")
    endif()
  endforeach()
endforeach()

file(GLOB sources RELATIVE ${RULES} ${RULES}/*.c)
set(rule_count 0)
foreach(f ${sources})
  string(REGEX REPLACE "\\.c$" "" id "${f}")
  file(STRINGS ${RULES}/${f} objects REGEX "^const infa_rule infa_rule_")
  if(id MATCHES "_")
    if(objects)
      list(APPEND problems "${f}: a helper (underscore in the name) defines a rule: ${objects}")
    endif()
    continue()
  endif()
  math(EXPR rule_count "${rule_count} + 1")
  string(REPLACE "-" "_" name "${id}")
  if(NOT name IN_LIST listed)
    list(APPEND problems "${f}: not listed in general.def or isolation.def")
  endif()
  if(NOT objects MATCHES "^const infa_rule infa_rule_${name} ")
    list(APPEND problems "${f}: defines no `const infa_rule infa_rule_${name}`")
  endif()
  if(NOT IS_DIRECTORY ${FIXTURES}/${id})
    list(APPEND problems "${f}: no fixture folder tests/rules/${id}/")
  endif()
endforeach()

file(GLOB folders LIST_DIRECTORIES true RELATIVE ${FIXTURES} ${FIXTURES}/*)
foreach(d ${folders})
  if(IS_DIRECTORY ${FIXTURES}/${d} AND NOT EXISTS ${RULES}/${d}.c)
    list(APPEND problems "tests/rules/${d}/: no rule file analysis/rules/${d}.c")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "rule registry out of step with the files:\n  ${text}")
endif()
list(LENGTH listed listed_count)
message(STATUS "${rule_count} rule files, ${listed_count} .def lines, one fixture folder each")
