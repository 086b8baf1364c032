#!/usr/bin/env bash
# Installs what is missing (Debian 12), builds inf-ls, and runs the whole
# test suite with ctest:  ./scripts/setup-and-test.sh
# INFLS_CTEST_ARGS adds ctest arguments (e.g. "-LE editors").
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# shellcheck disable=SC2086 # the package lists are word lists
infls_ensure_packages $INFLS_BUILD_PACKAGES $INFLS_TEST_PACKAGES
infls_build
cd "$INFLS_ROOT"
infls_say "ctest"
# shellcheck disable=SC2086
ctest --test-dir "$INFLS_BUILD_DIR" --output-on-failure -j "$INFLS_JOBS" ${INFLS_CTEST_ARGS:-}
