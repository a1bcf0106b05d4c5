# shellcheck shell=bash
# scripts/infra.sh - local infrastructure for the platform: a throwaway PostgreSQL
# cluster and a RabbitMQ node, both as plain processes on 127.0.0.1 (no systemd,
# no Docker), everything under one state folder.
#
# Sourced by ./platform, after scripts/apt.sh. Defines functions only: sourcing it has no
# side effect. Safe under `set -euo pipefail`. Every function re-reads the
# variables below when called, so a caller may set them at any time before.
#
# Variables (all optional):
#   PLATFORM_STATE_DIR         state root                  ($PWD/.platform)
#   PLATFORM_LOG_DIR           logs                        ($PLATFORM_STATE_DIR/logs)
#   PLATFORM_PG_DATA           PostgreSQL data folder      ($PLATFORM_STATE_DIR/postgres)
#   PLATFORM_PG_SOCKET_DIR     PostgreSQL unix socket dir  ($PLATFORM_STATE_DIR/run)
#   PLATFORM_PG_BINDIR         PostgreSQL binaries         (newest /usr/lib/postgresql/*/bin)
#   PLATFORM_PG_PORT           TCP port on 127.0.0.1       (55432)
#   PLATFORM_PG_PASSWORD       password of role postgres   (platform-dev)
#   PLATFORM_PG_DATABASE       database created on start   (platform)
#   PLATFORM_PG_FAST           1 = fsync/synchronous_commit/full_page_writes off (tests only)
#   PLATFORM_PG_MAX_CONNECTIONS                            (300)
#   PLATFORM_RABBIT_DIR        RabbitMQ node folder (HOME, data, config) ($PLATFORM_STATE_DIR/rabbitmq)
#   PLATFORM_RABBIT_NODENAME   Erlang node name            (platform@localhost)
#   PLATFORM_RABBIT_PORT       AMQP port                   (55672)
#   PLATFORM_RABBIT_MGMT_PORT  management HTTP port        (55673)
#   PLATFORM_RABBIT_DIST_PORT  Erlang distribution port    (55674)
#   PLATFORM_EPMD_PORT         epmd port (127.0.0.1 only)  (55675)
#   PLATFORM_RABBIT_WAIT       seconds to wait for the broker (60)
#
# Public functions:
#   infra_missing_packages  infra_install_missing  infra_up  infra_down  infra_purge
#   pg_start  pg_stop  pg_is_running  pg_connection_string [DB]  pg_url [DB]
#   rabbit_start  rabbit_stop  rabbit_is_running  rabbit_amqp_uri [VHOST]  rabbit_management_url
#
# RabbitMQ credentials are guest/guest: RabbitMQ only lets guest log in over loopback
# (loopback_users default), and every listener here is bound to 127.0.0.1.

# ---------------------------------------------------------------- helpers

_infra_say() { printf '%s\n' "$*" >&2; }

# _infra_fail MESSAGE [LOGFILE...]: print MESSAGE, the last 20 lines of each log; return 1.
_infra_fail() {
    local msg=$1 log
    shift
    _infra_say "ERROR: $msg"
    for log in "$@"; do
        if [[ -s $log ]]; then
            _infra_say "---- last 20 lines of $log ----"
            tail -n 20 "$log" >&2 || true
            _infra_say "----"
        fi
    done
    return 1
}

# Milliseconds since the epoch, and "1.2s" since a start value.
_infra_now_ms() { local t; t=$(date +%s%N); printf '%s\n' "$((t / 1000000))"; }
_infra_since() {
    local ms=$(( $(_infra_now_ms) - $1 ))
    printf '%d.%ds' "$((ms / 1000))" "$(((ms % 1000) / 100))"
}

# Absolute form of a path (relative ones are taken from $PWD).
_infra_abs() {
    local p=$1
    [[ $p == /* ]] || p=$PWD/$p
    [[ $p == / ]] || p=${p%/}
    printf '%s\n' "$p"
}

# Resolve every path and port from the PLATFORM_* variables (re-done on each call).
_infra_resolve() {
    _infra_state=$(_infra_abs "${PLATFORM_STATE_DIR:-$PWD/.platform}")
    _infra_logs=$(_infra_abs "${PLATFORM_LOG_DIR:-$_infra_state/logs}")
    _infra_pg_data=$(_infra_abs "${PLATFORM_PG_DATA:-$_infra_state/postgres}")
    _infra_pg_sock=$(_infra_abs "${PLATFORM_PG_SOCKET_DIR:-$_infra_state/run}")
    _infra_pg_port=${PLATFORM_PG_PORT:-55432}
    _infra_pg_log=$_infra_logs/postgres.log
    _infra_rb_bin=/usr/lib/rabbitmq/bin
    _infra_rb_dir=$(_infra_abs "${PLATFORM_RABBIT_DIR:-$_infra_state/rabbitmq}")
    _infra_rb_node=${PLATFORM_RABBIT_NODENAME:-platform@localhost}
    _infra_rb_port=${PLATFORM_RABBIT_PORT:-55672}
    _infra_rb_mgmt=${PLATFORM_RABBIT_MGMT_PORT:-55673}
    _infra_rb_dist=${PLATFORM_RABBIT_DIST_PORT:-55674}
    _infra_epmd_port=${PLATFORM_EPMD_PORT:-55675}
    _infra_rb_pidfile=$_infra_rb_dir/rabbitmq.pid
    _infra_rb_log=$_infra_logs/rabbitmq.log
    _infra_rb_out=$_infra_logs/rabbitmq-console.log
}

# Newest installed PostgreSQL bin folder (or PLATFORM_PG_BINDIR); empty if none.
_infra_pg_bindir() {
    if [[ -n ${PLATFORM_PG_BINDIR:-} ]]; then
        [[ -x $PLATFORM_PG_BINDIR/pg_ctl ]] && printf '%s\n' "$PLATFORM_PG_BINDIR"
        return 0
    fi
    local d best='' bestv=0 v
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/pg_ctl ]] || continue
        v=${d#/usr/lib/postgresql/}
        v=${v%%/*}
        [[ $v =~ ^[0-9]+$ ]] || continue
        if ((v > bestv)); then bestv=$v best=$d; fi
    done
    printf '%s\n' "$best"
}

# PIDs of the processes listening on TCP PORT (any address), read from /proc
# (works without ss/iproute2). Prints nothing if no listener.
_infra_port_pids() {
    local port=$1 hex inodes ino
    hex=$(printf ':%04X' "$port")
    inodes=$(awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10 }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null | sort -u) || true
    [[ -n $inodes ]] || return 0
    for ino in $inodes; do
        find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\\[$ino\\]" 2>/dev/null |
            cut -d/ -f3
    done | sort -un
}

_infra_port_listening() {
    local hex
    hex=$(printf ':%04X' "$1")
    awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

_infra_comm() { cat "/proc/$1/comm" 2>/dev/null || true; }

# True if PID exists and is not a zombie (an exited child nobody reaped yet).
_infra_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# Fail unless every argument is a TCP port number.
_infra_check_ports() {
    local p
    for p in "$@"; do
        if [[ ! $p =~ ^[0-9]{1,5}$ ]] || ((p < 1 || p > 65535)); then
            _infra_fail "infra: '$p' is not a valid port number (check the PLATFORM_*_PORT variables)"
            return 1
        fi
    done
}

# Fail if PORT is taken by anything (used before starting our own listeners).
_infra_port_free_or_fail() {
    local port=$1 what=$2 pids
    _infra_port_listening "$port" || return 0
    pids=$(_infra_port_pids "$port" | tr '\n' ' ')
    local desc='' p
    for p in $pids; do desc+="$p($(_infra_comm "$p")) "; done
    _infra_fail "$what port $port is already in use${desc:+ by pid ${desc% }}; set another port or stop that process"
}

# Make every folder from / down to DIR traversable by USER (chmod o+x where needed).
_infra_make_traversable() {
    local user=$1 dir=$2 d
    runuser -u "$user" -- test -x "$dir" 2>/dev/null && return 0
    local -a chain=()
    d=$dir
    while [[ -n $d && $d != / ]]; do
        chain=("$d" "${chain[@]}")
        d=${d%/*}
    done
    for d in "${chain[@]}"; do
        if ! runuser -u "$user" -- test -x "$d" 2>/dev/null; then
            _infra_say "infra: chmod o+x $d (so that $user can reach its files)"
            chmod o+x "$d" || return 1
        fi
    done
}

# Value for a .NET connection string (DbConnectionStringBuilder rules).
_infra_cs_value() {
    local v=$1
    if [[ $v == *[\;\"\'=]* || $v == [[:space:]]* || $v == *[[:space:]] ]]; then
        v=${v//\"/\"\"}
        v="\"$v\""
    fi
    printf '%s' "$v"
}

# RFC 3986 percent-encoding of everything but unreserved characters.
_infra_urlencode() {
    local s=$1 out='' c i
    local LC_ALL=C
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

# ---------------------------------------------------------------- install

# The Debian packages of PostgreSQL and RabbitMQ whose binaries are missing, one a line. A machine with only the
# psql client (postgresql-client-*) has no pg_ctl: it needs the server package too.
infra_missing_packages() {
    _infra_resolve
    [[ -n $(_infra_pg_bindir) ]] || printf 'postgresql\n'
    [[ -x $_infra_rb_bin/rabbitmq-server ]] || printf 'rabbitmq-server\n'
}

# Install PostgreSQL and RabbitMQ when their binaries are missing (Debian/Ubuntu, root; scripts/apt.sh).
infra_install_missing() {
    _infra_resolve
    local -a pkgs
    mapfile -t pkgs < <(infra_missing_packages)
    ((${#pkgs[@]} == 0)) && return 0
    local t0
    t0=$(_infra_now_ms)
    apt_install_packages "PostgreSQL and RabbitMQ" "${pkgs[@]}" || return 1
    if [[ -z $(_infra_pg_bindir) || ! -x $_infra_rb_bin/rabbitmq-server ]]; then
        _infra_say "ERROR: ${pkgs[*]} installed but /usr/lib/postgresql/*/bin/pg_ctl or $_infra_rb_bin/rabbitmq-server is still missing"
        return 1
    fi
    _infra_say "infra: installed ${pkgs[*]} ($(_infra_since "$t0"))"
}

# ---------------------------------------------------------------- PostgreSQL

# PID of our postmaster if it runs (from postmaster.pid); else nothing, status 1.
_infra_pg_pid() {
    local pid=''
    [[ -r $_infra_pg_data/postmaster.pid ]] || return 1
    read -r pid <"$_infra_pg_data/postmaster.pid" || true
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(_infra_comm "$pid") == postgres* ]] && _infra_alive "$pid" || return 1
    printf '%s\n' "$pid"
}

pg_is_running() {
    _infra_resolve
    _infra_pg_pid >/dev/null
}

# The socket folder, falling back to a short /tmp path if the socket path would
# exceed the 107-byte unix socket limit.
_infra_pg_socket_dir() {
    local d=$_infra_pg_sock
    if ((${#d} + 20 > 107)); then
        d=/tmp/platform-pg-$(printf '%s' "$_infra_pg_data" | cksum | cut -d' ' -f1)
    fi
    printf '%s\n' "$d"
}

# Run SQL (stdin) through the unix socket as postgres (trust), with psql variables.
_infra_psql_admin() {
    local bindir=$1
    shift
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$(_infra_pg_socket_dir)" -p "$_infra_pg_port" \
        -U postgres -d postgres "$@"
}

# Set the postgres password, create the database if missing; print the fsync setting.
_infra_pg_ensure_db() {
    local bindir=$1 db=${PLATFORM_PG_DATABASE:-platform} out
    if ! out=$(_infra_psql_admin "$bindir" -At -v pw="${PLATFORM_PG_PASSWORD:-platform-dev}" -v db="$db" 2>&1 <<'SQL'
ALTER ROLE postgres PASSWORD :'pw';
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT current_setting('fsync');
SQL
    ); then
        _infra_fail "postgres: could not set the password / create database \"$db\": $out"
        return 1
    fi
    printf '%s\n' "${out##*$'\n'}"
}

_infra_pg_durability() {
    if [[ $1 == off ]]; then
        printf 'fast (fsync=off synchronous_commit=off full_page_writes=off: test data only)'
    else
        printf 'full'
    fi
}

pg_start() {
    _infra_resolve
    local bindir pid t0 sock
    bindir=$(_infra_pg_bindir)
    [[ -n $bindir && -x $bindir/pg_ctl ]] ||
        { _infra_fail "postgres: no /usr/lib/postgresql/*/bin/pg_ctl (run infra_install_missing)"; return 1; }
    _infra_check_ports "$_infra_pg_port" || return 1
    local fsync want=on
    [[ ${PLATFORM_PG_FAST:-0} == 1 ]] && want=off
    if pid=$(_infra_pg_pid); then
        fsync=$(_infra_pg_ensure_db "$bindir") || return 1
        _infra_say "postgres: already running on 127.0.0.1:$_infra_pg_port (pid $pid, durability: $(_infra_pg_durability "$fsync"))"
        [[ $fsync == "$want" ]] ||
            _infra_say "postgres: NOTE PLATFORM_PG_FAST=${PLATFORM_PG_FAST:-0} asks for other durability settings: pg_stop first to apply them"
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || { _infra_fail "postgres: must run as root (it starts the cluster as user postgres via runuser)"; return 1; }
    id postgres >/dev/null 2>&1 || { _infra_fail "postgres: no 'postgres' OS user (is the postgresql package installed?)"; return 1; }
    _infra_port_free_or_fail "$_infra_pg_port" postgres || return 1

    t0=$(_infra_now_ms)
    sock=$(_infra_pg_socket_dir)
    [[ $sock == "$_infra_pg_sock" ]] ||
        _infra_say "postgres: socket path under $_infra_pg_sock would be too long; using $sock"
    mkdir -p "$_infra_pg_data" "$_infra_logs" "$sock" || return 1
    _infra_make_traversable postgres "$_infra_pg_data" || return 1
    _infra_make_traversable postgres "$_infra_logs" || return 1
    _infra_make_traversable postgres "$sock" || return 1
    chown postgres:postgres "$_infra_pg_data" "$sock" && chmod 700 "$_infra_pg_data" || return 1
    touch "$_infra_pg_log" && chown postgres:postgres "$_infra_pg_log" || return 1

    if [[ ! -s $_infra_pg_data/PG_VERSION ]]; then
        local pwfile
        pwfile=$(mktemp "$_infra_pg_data/../.pgpw.XXXXXX") || return 1
        printf '%s\n' "${PLATFORM_PG_PASSWORD:-platform-dev}" >"$pwfile"
        chown postgres "$pwfile" && chmod 600 "$pwfile"
        if ! runuser -u postgres -- "$bindir/initdb" -D "$_infra_pg_data" -U postgres -E UTF8 \
            --no-locale --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" \
            >>"$_infra_pg_log" 2>&1 </dev/null; then
            rm -f "$pwfile"
            _infra_fail "postgres: initdb failed in $_infra_pg_data" "$_infra_pg_log"
            return 1
        fi
        rm -f "$pwfile"
        _infra_say "postgres: initialised $_infra_pg_data ($(_infra_since "$t0"))"
    fi

    local -a opts=(-c listen_addresses=127.0.0.1 -p "$_infra_pg_port" -k "$sock"
        -c "max_connections=${PLATFORM_PG_MAX_CONNECTIONS:-300}")
    if [[ $want == off ]]; then
        opts+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    fi
    local o optstr=''
    for o in "${opts[@]}"; do optstr+=" $(printf '%q' "$o")"; done  # pg_ctl hands -o to /bin/sh

    if ! runuser -u postgres -- "$bindir/pg_ctl" -D "$_infra_pg_data" -l "$_infra_pg_log" -w -t 60 \
        -o "${optstr# }" start >/dev/null 2>&1 </dev/null; then
        _infra_fail "postgres: pg_ctl start failed" "$_infra_pg_log"
        return 1
    fi
    fsync=$(_infra_pg_ensure_db "$bindir") || return 1
    pid=$(_infra_pg_pid) || pid='?'
    _infra_say "postgres: started on 127.0.0.1:$_infra_pg_port (pid $pid, durability: $(_infra_pg_durability "$fsync")) ($(_infra_since "$t0"))"
}

pg_stop() {
    _infra_resolve
    local pid bindir t0
    if ! pid=$(_infra_pg_pid); then
        _infra_say "postgres: not running"
        return 0
    fi
    t0=$(_infra_now_ms)
    bindir=$(_infra_pg_bindir)
    if ! runuser -u postgres -- "$bindir/pg_ctl" -D "$_infra_pg_data" -m fast -w -t 60 stop \
        >/dev/null 2>&1 </dev/null; then
        _infra_fail "postgres: pg_ctl stop failed (pid $pid)" "$_infra_pg_log"
        return 1
    fi
    _infra_say "postgres: stopped ($(_infra_since "$t0"))"
}

# pg_connection_string [DB]: Npgsql connection string for the local cluster.
pg_connection_string() {
    _infra_resolve
    local db=${1:-${PLATFORM_PG_DATABASE:-platform}}
    printf 'Host=127.0.0.1;Port=%s;Username=postgres;Password=%s;Database=%s\n' \
        "$_infra_pg_port" "$(_infra_cs_value "${PLATFORM_PG_PASSWORD:-platform-dev}")" "$(_infra_cs_value "$db")"
}

# pg_url [DB]: the same as a libpq URI (psql, pg_dump): psql "$(pg_url)".
pg_url() {
    _infra_resolve
    local db=${1:-${PLATFORM_PG_DATABASE:-platform}}
    printf 'postgresql://postgres:%s@127.0.0.1:%s/%s\n' \
        "$(_infra_urlencode "${PLATFORM_PG_PASSWORD:-platform-dev}")" "$_infra_pg_port" "$(_infra_urlencode "$db")"
}

# ---------------------------------------------------------------- RabbitMQ

# Export the RabbitMQ/Erlang environment. Call it in a subshell only.
_infra_rabbit_env() {
    export HOME=$_infra_rb_dir
    export RABBITMQ_NODENAME=$_infra_rb_node
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT=$_infra_rb_port
    export RABBITMQ_DIST_PORT=$_infra_rb_dist
    export ERL_EPMD_PORT=$_infra_epmd_port
    export ERL_EPMD_ADDRESS=127.0.0.1
    export RABBITMQ_MNESIA_BASE=$_infra_rb_dir/mnesia
    export RABBITMQ_LOG_BASE=$_infra_logs
    export RABBITMQ_LOGS=$_infra_rb_log
    export RABBITMQ_PID_FILE=$_infra_rb_pidfile
    export RABBITMQ_CONFIG_FILE=$_infra_rb_dir/rabbitmq.conf
    export RABBITMQ_ADVANCED_CONFIG_FILE=$_infra_rb_dir/advanced.config
    export RABBITMQ_ENABLED_PLUGINS_FILE=$_infra_rb_dir/enabled_plugins
    export RABBITMQ_CONF_ENV_FILE=$_infra_rb_dir/rabbitmq-env.conf
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
    export RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
    export ERL_CRASH_DUMP=$_infra_logs/erl_crash.dump
}

_infra_rabbitmqctl() {
    (
        _infra_rabbit_env
        cd "$_infra_rb_dir" || exit 1
        exec "$_infra_rb_bin/rabbitmqctl" -n "$_infra_rb_node" "$@"
    )
}

# PID of our broker's Erlang VM if it runs; else nothing, status 1.
_infra_rabbit_pid() {
    local pid=''
    [[ -r $_infra_rb_pidfile ]] || return 1
    read -r pid <"$_infra_rb_pidfile" || true
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ $(_infra_comm "$pid") == beam* ]] && _infra_alive "$pid" || return 1
    printf '%s\n' "$pid"
}

rabbit_is_running() {
    _infra_resolve
    _infra_rabbit_pid >/dev/null
}

_infra_rabbit_write_config() {
    mkdir -p "$_infra_rb_dir" "$_infra_rb_dir/mnesia" "$_infra_logs" || return 1
    cat >"$_infra_rb_dir/rabbitmq.conf" <<EOF || return 1
# generated by scripts/infra.sh on each start: edits are overwritten
management.tcp.ip = 127.0.0.1
management.tcp.port = $_infra_rb_mgmt
loopback_users.guest = true
log.file.level = info
log.console = false
EOF
    printf '[rabbitmq_management].\n' >"$_infra_rb_dir/enabled_plugins" || return 1
    : >"$_infra_rb_dir/rabbitmq-env.conf" || return 1
}

rabbit_start() {
    _infra_resolve
    local pid t0
    [[ -x $_infra_rb_bin/rabbitmq-server ]] ||
        { _infra_fail "rabbitmq: no $_infra_rb_bin/rabbitmq-server (run infra_install_missing)"; return 1; }
    if pid=$(_infra_rabbit_pid); then
        if _infra_port_listening "$_infra_rb_port" && _infra_port_listening "$_infra_rb_mgmt"; then
            _infra_say "rabbitmq: already running on 127.0.0.1:$_infra_rb_port (pid $pid)"
            return 0
        fi
        _infra_say "rabbitmq: pid $pid is up but not ready yet; waiting"
        if ! _infra_rabbitmqctl -q wait --timeout "${PLATFORM_RABBIT_WAIT:-60}" "$_infra_rb_pidfile" \
            >>"$_infra_rb_out" 2>&1 </dev/null; then
            _infra_fail "rabbitmq: node $_infra_rb_node did not become ready" "$_infra_rb_out" "$_infra_rb_log"
            return 1
        fi
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || { _infra_fail "rabbitmq: must run as root (the packaged scripts are used directly)"; return 1; }
    _infra_check_ports "$_infra_rb_port" "$_infra_rb_mgmt" "$_infra_rb_dist" "$_infra_epmd_port" || return 1
    _infra_port_free_or_fail "$_infra_rb_port" "rabbitmq AMQP" || return 1
    _infra_port_free_or_fail "$_infra_rb_mgmt" "rabbitmq management" || return 1
    _infra_port_free_or_fail "$_infra_rb_dist" "rabbitmq distribution" || return 1
    local epmd_pid
    for epmd_pid in $(_infra_port_pids "$_infra_epmd_port"); do   # an epmd of ours left over is fine
        [[ $(_infra_comm "$epmd_pid") == epmd ]] ||
            { _infra_port_free_or_fail "$_infra_epmd_port" epmd; return 1; }
    done

    t0=$(_infra_now_ms)
    _infra_rabbit_write_config || { _infra_fail "rabbitmq: cannot write config in $_infra_rb_dir"; return 1; }
    rm -f "$_infra_rb_pidfile"
    printf '==== %s rabbit_start\n' "$(date '+%F %T')" >>"$_infra_rb_out"
    # Double fork + setsid: the broker is no job of the caller's shell (a bare `wait`
    # there must not block on it) and no signal to the caller's process group reaches it.
    # The launcher's pid (setsid -w lives as long as the broker) tells an early death.
    local launcher=$_infra_rb_dir/launcher.pid waiter wrc=0
    rm -f "$launcher"
    (
        (
            _infra_rabbit_env
            cd "$_infra_rb_dir" || exit 1
            printf '%s\n' "$BASHPID" >"$launcher"
            exec setsid -w "$_infra_rb_bin/rabbitmq-server" >>"$_infra_rb_out" 2>&1 </dev/null
        ) &
    )
    (
        _infra_rabbit_env
        cd "$_infra_rb_dir" || exit 1
        exec "$_infra_rb_bin/rabbitmqctl" -n "$_infra_rb_node" -q wait \
            --timeout "${PLATFORM_RABBIT_WAIT:-60}" "$_infra_rb_pidfile" >>"$_infra_rb_out" 2>&1 </dev/null
    ) &
    waiter=$!   # rabbitmqctl execs erl: this pid is the waiting VM itself
    local lpid=''
    while kill -0 "$waiter" 2>/dev/null; do
        [[ -n $lpid ]] || { read -r lpid <"$launcher"; } 2>/dev/null || true
        if [[ -n $lpid ]] && ! _infra_alive "$lpid"; then
            kill "$waiter" 2>/dev/null || true
            wrc=1
            break
        fi
        sleep 0.2
    done
    wait "$waiter" 2>/dev/null || wrc=1
    rm -f "$launcher"
    if ((wrc != 0)); then
        if ! _infra_rabbit_pid >/dev/null; then
            _infra_epmd_stop >/dev/null 2>&1 || true
            _infra_fail "rabbitmq: node $_infra_rb_node failed to start" "$_infra_rb_out" "$_infra_rb_log"
        else
            _infra_fail "rabbitmq: node $_infra_rb_node not ready after ${PLATFORM_RABBIT_WAIT:-60} s (still running: rabbit_stop stops it)" "$_infra_rb_out" "$_infra_rb_log"
        fi
        return 1
    fi
    pid=$(_infra_rabbit_pid) || pid='?'
    _infra_say "rabbitmq: started $_infra_rb_node on 127.0.0.1:$_infra_rb_port, management $(rabbit_management_url) (pid $pid) ($(_infra_since "$t0"))"
}

# Wait until PID is gone (up to N tenths of a second); status 1 if still alive.
_infra_wait_gone() {
    local pid=$1 n=$2
    while ((n-- > 0)); do
        _infra_alive "$pid" || return 0
        sleep 0.1
    done
    ! _infra_alive "$pid"
}

# Stop the epmd listening on OUR epmd port (never by name: other epmds may exist).
_infra_epmd_stop() {
    local p rc=0
    for p in $(_infra_port_pids "$_infra_epmd_port"); do
        if [[ $(_infra_comm "$p") != epmd ]]; then
            _infra_say "rabbitmq: port $_infra_epmd_port is held by pid $p ($(_infra_comm "$p")), not epmd: left alone"
            continue
        fi
        kill -TERM "$p" 2>/dev/null || true
        if ! _infra_wait_gone "$p" 50; then
            kill -KILL "$p" 2>/dev/null || true
            _infra_wait_gone "$p" 20 || { _infra_fail "rabbitmq: epmd pid $p on port $_infra_epmd_port would not stop"; rc=1; continue; }
        fi
        _infra_say "rabbitmq: stopped epmd on port $_infra_epmd_port (pid $p)"
    done
    return "$rc"
}

rabbit_stop() {
    _infra_resolve
    local pid t0 rc=0
    t0=$(_infra_now_ms)
    if pid=$(_infra_rabbit_pid); then
        if ! _infra_rabbitmqctl -q shutdown --timeout 60 >>"$_infra_rb_out" 2>&1 </dev/null; then
            _infra_say "rabbitmq: rabbitmqctl shutdown failed; sending SIGTERM to pid $pid"
            kill -TERM "$pid" 2>/dev/null || true
        fi
        if ! _infra_wait_gone "$pid" 300; then
            _infra_say "rabbitmq: pid $pid still alive after 30 s; SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            _infra_wait_gone "$pid" 50 || rc=1
        fi
        rm -f "$_infra_rb_pidfile"
        if ((rc == 0)); then
            _infra_say "rabbitmq: stopped ($(_infra_since "$t0"))"
        else
            _infra_fail "rabbitmq: could not stop pid $pid" "$_infra_rb_log"
        fi
    else
        _infra_say "rabbitmq: not running"
    fi
    _infra_epmd_stop || rc=1
    return "$rc"
}

# rabbit_amqp_uri [VHOST]: AMQP URI for RabbitMQ.Client (ConnectionFactory.Uri) and
# MassTransit (cfg.Host(new Uri(...))). The vhost is percent-encoded as one path
# segment, so the default vhost "/" is written "%2F" (the RabbitMQ URI spec form):
# both libraries unescape the segment and get "/" (an empty path would also mean "/"
# to them, but not to clients that follow the spec strictly).
rabbit_amqp_uri() {
    _infra_resolve
    local vhost=${1-/}
    printf 'amqp://guest:guest@127.0.0.1:%s/%s\n' "$_infra_rb_port" "$(_infra_urlencode "$vhost")"
}

rabbit_management_url() {
    _infra_resolve
    printf 'http://127.0.0.1:%s\n' "$_infra_rb_mgmt"
}

# ---------------------------------------------------------------- together

infra_up() {
    local t0
    t0=$(_infra_now_ms)
    infra_install_missing || return 1
    pg_start || return 1
    rabbit_start || return 1
    _infra_say "infra: up ($(_infra_since "$t0"))"
}

infra_down() {
    local rc=0
    rabbit_stop || rc=1
    pg_stop || rc=1
    return "$rc"
}

infra_purge() {
    infra_down || { _infra_say "ERROR: infra: not purging, something is still running"; return 1; }
    _infra_resolve
    local d
    for d in "$_infra_pg_data" "$_infra_rb_dir"; do
        case $d in
            '' | / | "$HOME" | "$PWD") _infra_fail "infra: refusing to delete '$d'"; return 1 ;;
        esac
        if [[ -e $d ]]; then
            rm -rf -- "$d" || { _infra_fail "infra: could not delete $d"; return 1; }
            _infra_say "infra: deleted $d"
        fi
    done
}
