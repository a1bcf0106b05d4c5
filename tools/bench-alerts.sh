#!/usr/bin/env bash
# tools/bench-alerts.sh [RATE:SECONDS ...]: the open-loop alert benchmark (Platform.Benchmarks alerts) against a stack
# of its own, first with one notifications replica, then with two. Default runs: 100 alerts/s for 20 s, then 500/s for 20 s.
#
# The stack runs from its own state folder and ports (.platform/bench, gateway 18080, services 15101-15119), on the
# shared local PostgreSQL and RabbitMQ (started if they are down) but in its own database (platform_bench) and virtual
# host (platform-bench): it never touches a developer's stack, the test suite's, or their data. Beneficiaries seeded by
# one run are kept (.platform/bench/bench-seed.json) and reused by the next.
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

export PLATFORM_STATE_DIR=${BENCH_STATE_DIR:-$ROOT/.platform/bench}
export PLATFORM_GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18080}
export PLATFORM_PORT_BASE=${BENCH_PORT_BASE:-15100}
# A whole run's messages stay readable (500/s x 20 s x 5 contacts is 50 000), whatever the receipts reader's pace.
export PLATFORM_SANDBOX_MAX_RECORDS=${PLATFORM_SANDBOX_MAX_RECORDS:-1000000}
REPLICAS=${BENCH_REPLICAS:-1 2}
BENEFICIARIES=${BENCH_BENEFICIARIES:-200}
DRAIN=${BENCH_DRAIN:-60}
# Release, as the images run it (./platform builds the services in this configuration); PLATFORM_CONFIGURATION=Debug to compare.
export PLATFORM_CONFIGURATION=${PLATFORM_CONFIGURATION:-Release}
BENCH_DLL=tools/Platform.Benchmarks/bin/$PLATFORM_CONFIGURATION/net10.0/Platform.Benchmarks.dll
REPORT="$PLATFORM_STATE_DIR/reports/alerts-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$(dirname "$REPORT")"

# The shared infrastructure lives under the developer's state folder; only our database and vhost are ours.
INFRA_STATE_DIR=${BENCH_INFRA_STATE_DIR:-$ROOT/.platform}
infra() {
  PLATFORM_STATE_DIR=$INFRA_STATE_DIR PLATFORM_PG_DATABASE=platform_bench \
    bash -c 'set -euo pipefail; source scripts/infra.sh; "$@"' infra "$@"
}
if [[ -z ${PLATFORM_POSTGRES:-} || -z ${PLATFORM_RABBITMQ:-} ]]; then
  infra infra_up >&2 # creates the platform_bench database when PostgreSQL already runs
  management=$(infra rabbit_management_url)
  curl -fsS -u guest:guest -X PUT "$management/api/vhosts/platform-bench" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'Content-Type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "$management/api/permissions/platform-bench/guest" >/dev/null
  PLATFORM_POSTGRES=$(infra pg_connection_string platform_bench)
  PLATFORM_RABBITMQ=$(infra rabbit_amqp_uri platform-bench)
fi
# Both set: ./platform treats the servers as external and its `down` stops only our services.
export PLATFORM_POSTGRES PLATFORM_RABBITMQ

stop_stack() { ./platform down >&2 || true; }
trap stop_stack EXIT
stop_stack # a stack left over by an interrupted run

if [[ ${PLATFORM_SKIP_BUILD:-} != 1 ]]; then
  dotnet build tools/Platform.Benchmarks -c "$PLATFORM_CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly >&2
fi

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
