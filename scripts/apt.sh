# shellcheck shell=bash
# scripts/apt.sh - the one way ./platform installs Debian packages (PostgreSQL, RabbitMQ, chromium, the deployment
# tests' tools). Defines functions only; sourcing it has no side effect.
#
#   apt_missing PKG...          prints, one a line, the packages of PKG... that dpkg does not have installed
#   apt_install_packages WHAT PKG...
#                               installs PKG... (for WHAT, a few words said in messages) with apt-get, as root, never
#                               starting a system service; on a machine where that cannot work (not root, no apt-get,
#                               a registry out of reach) it prints ONE line naming the command to run by hand and
#                               returns 1

apt_missing() {
    local pkg
    for pkg in "$@"; do
        [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

apt_install_packages() {
    local what=$1
    shift
    (($# > 0)) || return 0
    local by_hand="apt-get install -y --no-install-recommends $*"
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1 || [[ ! -f /etc/debian_version ]]; then
        printf 'error: %s need %s: install them as root (Debian/Ubuntu: %s), then retry\n' "$what" "$*" "$by_hand" >&2
        return 1
    fi
    printf 'installing %s with apt (%s)...\n' "$*" "$what" >&2
    # apt's _apt user needs a sticky world-writable TMPDIR (this machine's /tmp may be 0755).
    local tmp rc=0 policy_added=0
    tmp=$(mktemp -d /tmp/platform-apt.XXXXXX) && chmod 1777 "$tmp" || return 1
    # No systemd here, and a package's own service must never start: ./platform starts what it needs on loopback.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_added=1
    fi
    local -a apt=(env DEBIAN_FRONTEND=noninteractive TMPDIR="$tmp" apt-get)
    if ! "${apt[@]}" install -y --no-install-recommends "$@" >"$tmp/apt.log" 2>&1 </dev/null; then
        # The package lists may be missing or stale on a fresh machine.
        "${apt[@]}" update >>"$tmp/apt.log" 2>&1 </dev/null && "${apt[@]}" install -y --no-install-recommends "$@" \
            >>"$tmp/apt.log" 2>&1 </dev/null || rc=1
    fi
    if ((policy_added)); then rm -f /usr/sbin/policy-rc.d; fi
    if ((rc != 0)); then
        tail -n 20 "$tmp/apt.log" >&2
        printf 'error: apt-get could not install %s for %s (log above): install them by hand (%s), then retry\n' \
            "$*" "$what" "$by_hand" >&2
    fi
    rm -rf "$tmp"
    return "$rc"
}
