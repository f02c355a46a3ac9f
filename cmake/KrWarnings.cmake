# kr_target_warnings(tgt): the picky warning set for krewlint's own targets only
# (never for the vendored tree-sitter runtime or the generated grammars).
function(kr_target_warnings tgt)
  target_compile_options(${tgt} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wformat=2 -Wundef -Wwrite-strings -Wpointer-arith -Wcast-qual -Wvla
    -Wno-unused-parameter)
  if(KREWLINT_WERROR)
    target_compile_options(${tgt} PRIVATE -Werror)
  endif()
endfunction()
