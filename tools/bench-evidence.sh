#!/usr/bin/env bash
# tools/bench-evidence.sh [MINUTES]: one long recording (default 30 minutes of 16 kHz 16-bit mono WAV, 57.6 MB) uploaded
# through the gateway of a stack of its own, sealed, then exported (Platform.Benchmarks evidence): upload MB/s, seal time,
# export MB/s and the evidence service's peak resident memory. The stack, its servers and its data: tools/bench-stack.sh.
#
# Environment: BENCH_CHUNK_KIB (1024), BENCH_IN_FLIGHT (1: one phone uploads one chunk at a time), BENCH_ARGS (more
# options for the client). Reports are also written to $BENCH_STATE_DIR/reports/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

MINUTES=${1:-30}
[[ $MINUTES =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "usage: $0 [MINUTES] (e.g. 30)" >&2; exit 2; }
BENCH_NAME=evidence
# shellcheck source=tools/bench-stack.sh
source "$ROOT/tools/bench-stack.sh"

echo "== starting the stack on 127.0.0.1:$PLATFORM_GATEWAY_PORT ($PLATFORM_STATE_DIR)" >&2
./platform up >/dev/null
dotnet "$BENCH_DLL" evidence \
  --gateway "http://127.0.0.1:$PLATFORM_GATEWAY_PORT" --sandbox "http://127.0.0.1:$((PLATFORM_PORT_BASE + 9))" \
  --key-dir "$PLATFORM_STATE_DIR/dev-keys" --run-dir "$PLATFORM_STATE_DIR/run" --seed-file "$PLATFORM_STATE_DIR/bench-seed.json" \
  --minutes "$MINUTES" --chunk-kib "${BENCH_CHUNK_KIB:-1024}" --in-flight "${BENCH_IN_FLIGHT:-1}" ${BENCH_ARGS:-} \
  --build "$PLATFORM_CONFIGURATION (services built by ./platform, benchmark client $PLATFORM_CONFIGURATION)" 2>&1 | tee -a "$REPORT"
echo "report: $REPORT" >&2
