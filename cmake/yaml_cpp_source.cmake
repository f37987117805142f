# yaml_cpp_source.cmake — yaml-cpp 0.7.0 compiled from the Debian source package under build/deps
# (scripts/setup unpacks it) as the target yaml-cpp::yaml-cpp: for Emscripten, which has no system
# library, and for the fuzz build, whose instrumentation must reach into the YAML parser.
file(GLOB YAMLCPP_SOURCES ${SH_DEPS_DIR}/yaml-cpp/src/*.cpp)
if(NOT YAMLCPP_SOURCES)
  message(FATAL_ERROR "yaml-cpp sources not found under ${SH_DEPS_DIR}/yaml-cpp (run scripts/setup)")
endif()
add_library(yaml_cpp_source STATIC ${YAMLCPP_SOURCES})
target_include_directories(yaml_cpp_source PUBLIC ${SH_DEPS_DIR}/yaml-cpp/include)
target_compile_definitions(yaml_cpp_source PUBLIC YAML_CPP_STATIC_DEFINE)
add_library(yaml-cpp::yaml-cpp ALIAS yaml_cpp_source)
