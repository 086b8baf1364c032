#!/usr/bin/env bash
# Cross-compiles inf-ls.exe (Windows x64) on Debian 12:
#   ./scripts/build-windows.sh
# - installs gcc-mingw-w64-x86-64 (and wine64 for the tests) when missing;
# - adds a deb-src entry for the configured Debian mirror and fetches the
#   Debian source packages of libuv1, jansson and tree-sitter (the versions
#   the Linux build uses) into a cache outside the repository;
# - builds them as static mingw libraries into a cross prefix there;
# - builds build-windows/server/inf-ls.exe: one static exe that needs only
#   the system's DLLs.
# Idempotent: sources, prefix and build folder are reused when present.
#
# Environment knobs:
#   INFLS_WINDOWS_CACHE  sources + prefix (default ${XDG_CACHE_HOME:-~/.cache}/inf-ls-windows)
#   INFLS_WINDOWS_BUILD  build folder (default build-windows in the repository)
#   INFLS_CMAKE_ARGS     extra CMake arguments, e.g. "-DINFLS_WERROR=ON"
#   INFLS_NO_INSTALL=1   never run apt-get; only report what is missing
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CACHE=${INFLS_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inf-ls-windows}
BUILD=${INFLS_WINDOWS_BUILD:-$INFLS_ROOT/build-windows}
SRC=$CACHE/src
PREFIX=$CACHE/prefix
HOST=x86_64-w64-mingw32
TOOLCHAIN=$INFLS_ROOT/cmake/mingw-w64-x86_64.cmake
JOBS=${INFLS_JOBS:-2}

# shellcheck disable=SC2086
infls_ensure_packages $INFLS_BUILD_PACKAGES gcc-mingw-w64-x86-64 dpkg-dev wine64 wine

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ---- Debian source packages ------------------------------------------------

# A deb-src line for each deb822 "Types: deb" stanza of the configured
# mirrors (Debian 12 ships deb822 sources), so apt-get source uses the same
# mirror and suites as the binary packages.
ensure_deb_src() {
    # shellcheck disable=SC2016 # $(CREATED_BY) is apt's field, not the shell's
    if apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources; then
        return 0
    fi
    local list=/etc/apt/sources.list.d/inf-ls-src.sources
    infls_say "adding deb-src entries ($list)"
    local tmp
    tmp=$(mktemp)
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        # Keep the stanzas whose URIs is a Debian mirror, not the security
        # archive: the packages we need are in main.
        awk 'BEGIN{RS=""; ORS="\n\n"} /Types:[ \t]*deb/ && !/debian-security/ {
                 sub(/Types:[ \t]*deb[^\n]*/, "Types: deb-src"); print }' \
            /etc/apt/sources.list.d/debian.sources >"$tmp"
    fi
    if [ ! -s "$tmp" ] && [ -f /etc/apt/sources.list ]; then
        # One-line style: deb-src copies of the deb lines, in deb822 form.
        grep -E '^deb[[:space:]]' /etc/apt/sources.list | grep -v security |
            awk '{printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $2, $3;
                  for (i = 4; i <= NF; i++) printf " %s", $i; printf "\n\n"}' >"$tmp"
    fi
    if [ ! -s "$tmp" ]; then
        rm -f "$tmp"
        infls_say "cannot find the configured Debian mirror in /etc/apt/sources.list(.d)"
        return 1
    fi
    as_root install -m 0644 "$tmp" "$list"
    rm -f "$tmp"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
}

# Fetches the source package into $SRC/<name> (once).
fetch_source() {
    local pkg=$1 dir=$SRC/$1
    if [ -f "$dir/.fetched" ]; then
        return 0
    fi
    ensure_deb_src
    infls_say "apt-get source $pkg"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && apt-get source -q --download-only "$pkg" >/dev/null &&
        dpkg-source -x ./*.dsc tree >/dev/null)
    touch "$dir/.fetched"
}

# ---- Static mingw libraries ------------------------------------------------

cross_cmake() {
    cmake -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DCMAKE_INSTALL_PREFIX="$PREFIX" \
        -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF "$@"
}

build_libuv() {
    [ -f "$PREFIX/lib/libuv_a.a" ] && return 0
    fetch_source libuv1
    infls_say "building libuv (static, mingw)"
    local b=$CACHE/build/libuv
    cross_cmake -S "$SRC/libuv1/tree" -B "$b" -DLIBUV_BUILD_TESTS=OFF -DLIBUV_BUILD_BENCH=OFF >/dev/null
    cmake --build "$b" -j "$JOBS" --target uv_a >/dev/null
    mkdir -p "$PREFIX/lib" "$PREFIX/include"
    cp "$b/libuv_a.a" "$PREFIX/lib/"
    cp -r "$SRC/libuv1/tree/include/." "$PREFIX/include/"
}

build_jansson() {
    [ -f "$PREFIX/lib/libjansson.a" ] && return 0
    fetch_source jansson
    infls_say "building jansson (static, mingw)"
    local b=$CACHE/build/jansson
    cross_cmake -S "$SRC/jansson/tree" -B "$b" -DJANSSON_BUILD_DOCS=OFF \
        -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_EXAMPLES=OFF -DJANSSON_BUILD_SHARED_LIBS=OFF >/dev/null
    cmake --build "$b" -j "$JOBS" >/dev/null
    cmake --install "$b" >/dev/null
}

build_tree_sitter() {
    [ -f "$PREFIX/lib/libtree-sitter.a" ] && return 0
    fetch_source tree-sitter
    infls_say "building tree-sitter runtime (static, mingw)"
    local t=$SRC/tree-sitter/tree/lib b=$CACHE/build/tree-sitter
    mkdir -p "$b" "$PREFIX/lib" "$PREFIX/include/tree_sitter"
    # The runtime is one amalgamated translation unit, as in its Makefile.
    $HOST-gcc -O2 -std=gnu99 -I"$t/src" -I"$t/include" -c "$t/src/lib.c" -o "$b/lib.o"
    $HOST-ar rcs "$PREFIX/lib/libtree-sitter.a" "$b/lib.o"
    cp "$t/include/tree_sitter/api.h" "$PREFIX/include/tree_sitter/"
}

# pkg-config files for the static link: the Windows system libraries libuv
# needs are listed in Libs, so CMake's imported targets carry them.
write_pc_files() {
    mkdir -p "$PREFIX/lib/pkgconfig"
    cat >"$PREFIX/lib/pkgconfig/libuv.pc" <<EOF
prefix=$PREFIX
Name: libuv
Description: libuv (static, mingw, from Debian's libuv1 source)
Version: $(ls "$SRC/libuv1" | sed -n 's/^libuv1_\(.*\)\.dsc$/\1/p' | sed 's/-.*//')
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -luv_a -lws2_32 -liphlpapi -luserenv -lpsapi -ldbghelp -lole32 -lshell32 -luuid
EOF
    cat >"$PREFIX/lib/pkgconfig/jansson.pc" <<EOF
prefix=$PREFIX
Name: Jansson
Description: jansson (static, mingw, from Debian's jansson source)
Version: $(ls "$SRC/jansson" | sed -n 's/^jansson_\(.*\)\.dsc$/\1/p' | sed 's/-.*//')
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -ljansson
EOF
    cat >"$PREFIX/lib/pkgconfig/tree-sitter.pc" <<EOF
prefix=$PREFIX
Name: tree-sitter
Description: tree-sitter runtime (static, mingw, from Debian's tree-sitter source)
Version: $(ls "$SRC/tree-sitter" | sed -n 's/^tree-sitter_\(.*\)\.dsc$/\1/p' | sed 's/-.*//')
Cflags: -I\${prefix}/include
Libs: -L\${prefix}/lib -ltree-sitter
EOF
}

mkdir -p "$SRC" "$PREFIX"
build_libuv
build_jansson
build_tree_sitter
write_pc_files

# ---- inf-ls.exe --------------------------------------------------------------

infls_say "configuring $BUILD"
export PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig
export PKG_CONFIG_PATH=
export INFLS_WINDOWS_PREFIX=$PREFIX
# shellcheck disable=SC2086 # INFLS_CMAKE_ARGS is a list of arguments
cmake -S "$INFLS_ROOT" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" \
    -DCMAKE_BUILD_TYPE=Release ${INFLS_CMAKE_ARGS:-} >/dev/null
infls_say "building inf-ls.exe"
cmake --build "$BUILD" -j "$JOBS" --target inf-ls hold-file platform-test
exe=$BUILD/server/inf-ls.exe
$HOST-strip "$exe"
infls_say "built $exe ($(stat -c %s "$exe") bytes)"
# Only DLLs that every Windows has.
$HOST-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -u >&2
