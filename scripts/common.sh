# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this
# Shared by setup-and-check.sh and setup-and-test.sh (sourced, not run).
#
# Environment knobs:
#   INFLS_BUILD_DIR    build folder (default: build)
#   INFLS_CMAKE_ARGS   extra CMake arguments, e.g. "-DINFLS_WERROR=ON"
#   INFLS_JOBS         parallel build/test jobs (default: number of CPUs)
#   INFLS_NO_INSTALL=1 never run apt-get; only report what is missing

INFLS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFLS_BUILD_DIR=${INFLS_BUILD_DIR:-build}
INFLS_JOBS=${INFLS_JOBS:-$(nproc 2>/dev/null || echo 2)}

# What building needs (Debian 12 package names).
INFLS_BUILD_PACKAGES="build-essential cmake pkg-config libtree-sitter-dev libuv1-dev libjansson-dev"
# What the test suite uses on top: python3 drives the protocol and batch
# tests, patch applies --diff output, and the real editors run the editor
# tests (each skips itself when its editor is missing).
INFLS_TEST_PACKAGES="python3 patch neovim emacs-nox elpa-eglot nodejs"

infls_say() { printf '==> %s\n' "$*" >&2; }

# Installs the Debian packages given that are not installed yet: with apt-get
# as root, through sudo when it can be used, otherwise prints the exact
# command and fails.
infls_ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        infls_say "not a Debian system: make sure these are installed: $*"
        return 0
    fi
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
            sudo="sudo"
        else
            infls_say "missing packages: ${missing[*]}"
            infls_say "install them as root, then run this again:"
            printf '    sudo sh -c "%s"\n' "$line" >&2
            return 1
        fi
    fi
    if [ "${INFLS_NO_INSTALL:-0}" = 1 ]; then
        infls_say "missing packages: ${missing[*]} (INFLS_NO_INSTALL=1); install them with:"
        printf '    %s\n' "${sudo:+$sudo }sh -c \"$line\"" >&2
        return 1
    fi
    infls_say "installing: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

infls_build() {
    cd "$INFLS_ROOT" || return 1
    infls_say "configuring $INFLS_BUILD_DIR ${INFLS_CMAKE_ARGS:-}"
    # shellcheck disable=SC2086 # INFLS_CMAKE_ARGS is a list of arguments
    cmake -S . -B "$INFLS_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${INFLS_CMAKE_ARGS:-}
    infls_say "building with $INFLS_JOBS jobs"
    cmake --build "$INFLS_BUILD_DIR" -j "$INFLS_JOBS"
}
