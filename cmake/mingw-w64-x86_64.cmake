# CMake toolchain for cross-compiling inf-ls.exe with Debian's
# gcc-mingw-w64-x86-64 (see scripts/build-windows.sh).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(INFLS_MINGW_TRIPLET x86_64-w64-mingw32)
# The -posix variant has winpthreads; -win32 would do, but Debian's default
# alternative is -win32 and both link statically below.
set(CMAKE_C_COMPILER ${INFLS_MINGW_TRIPLET}-gcc)
set(CMAKE_RC_COMPILER ${INFLS_MINGW_TRIPLET}-windres)
set(CMAKE_AR ${INFLS_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${INFLS_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")

# INFLS_WINDOWS_PREFIX holds the static libuv, jansson and tree-sitter.
if(DEFINED ENV{INFLS_WINDOWS_PREFIX})
  set(INFLS_WINDOWS_PREFIX "$ENV{INFLS_WINDOWS_PREFIX}")
endif()
set(CMAKE_FIND_ROOT_PATH /usr/${INFLS_MINGW_TRIPLET} ${INFLS_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The C99 printf family (%zu, %lld) instead of msvcrt.dll's, everywhere.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")

# One self-contained exe: no libgcc or winpthread DLL beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")
