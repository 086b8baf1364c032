#!/usr/bin/env bash
# Runs one fuzz target from a build configured with -DINFLS_FUZZ=ON:
#   fuzz/run.sh BUILD_DIR TARGET SECONDS [extra libFuzzer flags]
# Seeds are generated into BUILD_DIR/seeds (fuzz/seeds.py), new inputs kept
# in BUILD_DIR/corpus/TARGET, findings written to BUILD_DIR/findings/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "$1" && pwd)
target=$2
seconds=$3
shift 3
[ -d "$build/seeds/$target" ] || python3 "$root/fuzz/seeds.py" "$build/seeds" >/dev/null
dict=$root/fuzz/inf.dict
[ "$target" = fuzz_protocol ] && dict=$root/fuzz/lsp.dict
mkdir -p "$build/corpus/$target" "$build/findings"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Big seeds (whole INFs) only slow the search; every target also gets the
# same inputs cut to max_len. stderr of the server (its log) is closed.
exec "$build/fuzz/$target" -dict="$dict" -max_total_time="$seconds" -max_len=4096 \
    -timeout=25 -rss_limit_mb=2048 -close_fd_mask=2 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$target-" "$@" \
    "$build/corpus/$target" "$build/seeds/$target"
