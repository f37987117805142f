# Warnings for our own targets only (third-party code builds with its defaults).
function(sh_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
