# Everything Emscripten-specific for the build lives here (Emscripten 3.1.6, see DESIGN.md).
# yaml-cpp 0.7.0 is compiled from the Debian source package; nlohmann comes from a directory that
# holds only nlohmann/ (never /usr/include on em++'s path).
set(SH_WEB_COMPILE_FLAGS -fexceptions)
set(SH_WEB_LINK_FLAGS -fexceptions -sALLOW_MEMORY_GROWTH=1)
add_compile_options(${SH_WEB_COMPILE_FLAGS})
add_link_options(${SH_WEB_LINK_FLAGS})

file(GLOB YAMLCPP_SOURCES ${SH_DEPS_DIR}/yaml-cpp/src/*.cpp)
if(NOT YAMLCPP_SOURCES)
  message(FATAL_ERROR "yaml-cpp sources not found under ${SH_DEPS_DIR}/yaml-cpp (run scripts/setup)")
endif()
add_library(yaml_cpp_web STATIC ${YAMLCPP_SOURCES})
target_include_directories(yaml_cpp_web PUBLIC ${SH_DEPS_DIR}/yaml-cpp/include)
target_compile_definitions(yaml_cpp_web PUBLIC YAML_CPP_STATIC_DEFINE)
add_library(yaml-cpp::yaml-cpp ALIAS yaml_cpp_web)

set(SH_NLOHMANN_DIR ${CMAKE_BINARY_DIR}/include-nlohmann)
file(MAKE_DIRECTORY ${SH_NLOHMANN_DIR})
if(NOT EXISTS ${SH_NLOHMANN_DIR}/nlohmann)
  file(CREATE_LINK /usr/include/nlohmann ${SH_NLOHMANN_DIR}/nlohmann SYMBOLIC)
endif()
add_library(nlohmann_json_web INTERFACE)
target_include_directories(nlohmann_json_web INTERFACE ${SH_NLOHMANN_DIR})
add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json_web)
