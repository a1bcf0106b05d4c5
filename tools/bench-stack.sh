# tools/bench-stack.sh: sourced by the benchmark scripts (BENCH_NAME set first). Starts nothing by itself: it names the
# benchmark stack's own state folder, ports, database and virtual host, brings up the shared PostgreSQL and RabbitMQ if
# they are down, stops a stack left over by an interrupted run (and this one on exit), and builds the benchmark client.
#
# The stack runs from its own state folder and ports (.platform/bench, gateway 18080, services 15101-15119), on the
# shared local PostgreSQL and RabbitMQ but in its own database (platform_bench) and virtual host (platform-bench): it
# never touches a developer's stack, the test suite's, or their data. Beneficiaries seeded by one run are kept
# (.platform/bench/bench-seed.json) and reused by the next.
#
# Environment: BENCH_STATE_DIR, BENCH_GATEWAY_PORT, BENCH_PORT_BASE, BENCH_INFRA_STATE_DIR; PLATFORM_SKIP_BUILD=1 runs the
# binaries already built; PLATFORM_POSTGRES + PLATFORM_RABBITMQ name other servers instead.

export PLATFORM_STATE_DIR=${BENCH_STATE_DIR:-$ROOT/.platform/bench}
export PLATFORM_GATEWAY_PORT=${BENCH_GATEWAY_PORT:-18080}
export PLATFORM_PORT_BASE=${BENCH_PORT_BASE:-15100}
# A whole run's messages stay readable (500/s x 20 s x 5 contacts is 50 000), whatever the receipts reader's pace.
export PLATFORM_SANDBOX_MAX_RECORDS=${PLATFORM_SANDBOX_MAX_RECORDS:-1000000}
# The client asks the identity service (through the gateway) for every token it uses, all from 127.0.0.1: the door's
# limit on sign-in attempts per address would refuse it. Presses are never limited there anyway.
export Gateway__RateLimits__SignInPerAddress=${Gateway__RateLimits__SignInPerAddress:-1000000}
# Seeding hundreds of women and resolving every alert is one operator's work in a minute: not what the door limits.
export Gateway__RateLimits__PerSubject=${Gateway__RateLimits__PerSubject:-1000000}
export Gateway__RateLimits__PerAddress=${Gateway__RateLimits__PerAddress:-10000000}
# Release, as the images run it (./platform builds the services in this configuration); PLATFORM_CONFIGURATION=Debug to compare.
export PLATFORM_CONFIGURATION=${PLATFORM_CONFIGURATION:-Release}
BENCH_DLL=tools/Platform.Benchmarks/bin/$PLATFORM_CONFIGURATION/net10.0/Platform.Benchmarks.dll
REPORT="$PLATFORM_STATE_DIR/reports/$BENCH_NAME-$(date +%Y%m%d-%H%M%S).txt"
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

