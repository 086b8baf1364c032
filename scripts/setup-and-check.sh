#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds inf-ls, and checks the
# examples:  ./scripts/setup-and-check.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# shellcheck disable=SC2086 # a word list
infls_ensure_packages $INFLS_BUILD_PACKAGES
infls_build
cd "$INFLS_ROOT"
infls_say "inf-ls --check examples/"
status=0
"$INFLS_BUILD_DIR/server/inf-ls" --check examples/ || status=$?
# examples/legacy.inf is the non-isolated package on purpose: its errors make
# the exit status 1. Anything else (2: usage or I/O error) is a failure.
if [ "$status" -eq 1 ]; then
    infls_say "exit status 1: errors found, as expected for examples/legacy.inf"
    status=0
fi
infls_say "the binary is $INFLS_BUILD_DIR/server/inf-ls (cmake --install $INFLS_BUILD_DIR --prefix ~/.local installs it)"
exit "$status"
