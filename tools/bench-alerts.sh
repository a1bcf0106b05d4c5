#!/usr/bin/env bash
# tools/bench-alerts.sh [RATE:SECONDS ...]: the open-loop alert benchmark (Platform.Benchmarks alerts) against a stack
# of its own, first with one notifications replica, then with two. Default runs: 100 alerts/s for 20 s, then 500/s for 20 s.
# The stack, its servers and its data: tools/bench-stack.sh.
#
# Environment: BENCH_REPLICAS ("1 2"), BENCH_BENEFICIARIES (200), BENCH_DRAIN (60 s), BENCH_ARGS (more options for the
# client, e.g. "--silent-webhook true": the association also has a webhook endpoint that never answers), BENCH_STATE_DIR, BENCH_GATEWAY_PORT,
# BENCH_PORT_BASE; PLATFORM_SKIP_BUILD=1 runs the binaries already built; PLATFORM_POSTGRES + PLATFORM_RABBITMQ name
# other servers instead. Reports are also written to $BENCH_STATE_DIR/reports/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

RUNS=("$@")
((${#RUNS[@]} > 0)) || RUNS=(100:20 500:20)
for run in "${RUNS[@]}"; do
  [[ $run =~ ^[0-9]+(\.[0-9]+)?:[0-9]+(\.[0-9]+)?$ ]] || { echo "usage: $0 [RATE:SECONDS ...] (e.g. 100:20 500:20)" >&2; exit 2; }
done

REPLICAS=${BENCH_REPLICAS:-1 2}
BENEFICIARIES=${BENCH_BENEFICIARIES:-200}
DRAIN=${BENCH_DRAIN:-60}
BENCH_NAME=alerts
# shellcheck source=tools/bench-stack.sh
source "$ROOT/tools/bench-stack.sh"

for replicas in $REPLICAS; do
  echo "== notifications x$replicas: starting the stack on 127.0.0.1:$PLATFORM_GATEWAY_PORT ($PLATFORM_STATE_DIR)" >&2
  PLATFORM_REPLICAS=notifications=$replicas ./platform up >/dev/null
  for run in "${RUNS[@]}"; do
    {
      echo "## notifications replicas: $replicas"
      dotnet "$BENCH_DLL" alerts \
        --gateway "http://127.0.0.1:$PLATFORM_GATEWAY_PORT" --sandbox "http://127.0.0.1:$((PLATFORM_PORT_BASE + 9))" \
        --key-dir "$PLATFORM_STATE_DIR/dev-keys" --run-dir "$PLATFORM_STATE_DIR/run" --seed-file "$PLATFORM_STATE_DIR/bench-seed.json" \
        --rate "${run%%:*}" --duration "${run#*:}" --beneficiaries "$BENEFICIARIES" --drain "$DRAIN" \
        --postgres "$PLATFORM_POSTGRES" ${BENCH_ARGS:-} --build "$PLATFORM_CONFIGURATION (services built by ./platform, benchmark client $PLATFORM_CONFIGURATION)"
      echo
    } 2>&1 | tee -a "$REPORT"
  done
  stop_stack
done
echo "report: $REPORT" >&2
