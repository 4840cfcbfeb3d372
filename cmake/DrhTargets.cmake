# Helpers that keep each component's CMakeLists.txt to a few lines.

# drh_component(<name> DEPS <targets...>)
#   A static library from every .cc in the calling directory, with include/ public.
function(drh_component name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}/include")
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# drh_test_binary(<name> LABEL <label> DEPS <targets...> [ENV <k=v>...] [FIXTURE <ctest fixture>]
#                 [RESOURCE_LOCK <name>])
#   One GoogleTest binary from every .cc in the calling directory, its tests discovered
#   into ctest with the given label.
function(drh_test_binary name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT;FIXTURE;RESOURCE_LOCK" "DEPS;ENV" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  if(NOT sources)
    message(STATUS "${name}: no test sources yet, skipped")
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    DRH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    DRH_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    DRH_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${ARG_ENV}"
               FIXTURES_REQUIRED "${ARG_FIXTURE}" RESOURCE_LOCK "${ARG_RESOURCE_LOCK}")
endfunction()
