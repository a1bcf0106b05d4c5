# shellcheck shell=bash
# What tests/Deployment.Tests needs (the Helm chart and k8s/ checks), installed when missing, as ./platform test and
# .ci/run do for the browser and the webhook verifier:
#   - Go and the Go sources of sprig, ghodss/yaml and gojsonschema (Debian packages): tools/chart-render, which renders
#     the chart without helm (no helm binary can be installed from any registry reachable here)
#   - yamllint (Debian): chart-testing's lint rules
#   - tests/k8s-validate (npm, pinned by its package-lock.json): the Kubernetes schemas
#   - kubectl (kustomize is built in): comes with this kind of machine; no registry reachable here has a current one
#     (Debian's kubernetes-client is 1.20, its kustomize too old), so its absence is reported, and the kustomize
#     tests fail saying what to install.

deployment_tools_install_missing() {
    local -a pkgs=()
    local pkg
    command -v go >/dev/null 2>&1 || pkgs+=(golang-go)
    command -v yamllint >/dev/null 2>&1 || pkgs+=(yamllint)
    if command -v dpkg-query >/dev/null 2>&1; then
        for pkg in golang-github-masterminds-sprig-dev golang-github-ghodss-yaml-dev golang-github-xeipuuv-gojsonschema-dev; do
            [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || pkgs+=("$pkg")
        done
    fi
    if ((${#pkgs[@]} > 0)); then
        if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
            printf 'error: the deployment tests need: apt-get install --no-install-recommends %s (as root)\n' "${pkgs[*]}" >&2
            return 1
        fi
        printf 'installing %s with apt (deployment tests)...\n' "${pkgs[*]}" >&2
        # apt's _apt user needs a sticky world-writable TMPDIR (this machine's /tmp may be 0755).
        local tmp
        tmp=$(mktemp -d /tmp/platform-apt.XXXXXX) && chmod 1777 "$tmp"
        local -a apt=(env DEBIAN_FRONTEND=noninteractive TMPDIR="$tmp" apt-get)
        if ! "${apt[@]}" install -y --no-install-recommends "${pkgs[@]}" >"$tmp/apt.log" 2>&1 </dev/null; then
            # The package lists may be missing or stale on a fresh machine.
            if ! "${apt[@]}" update >>"$tmp/apt.log" 2>&1 </dev/null \
                || ! "${apt[@]}" install -y --no-install-recommends "${pkgs[@]}" >>"$tmp/apt.log" 2>&1 </dev/null; then
                tail -n 30 "$tmp/apt.log" >&2
                printf 'error: apt-get could not install %s\n' "${pkgs[*]}" >&2
                rm -rf "$tmp"
                return 1
            fi
        fi
        rm -rf "$tmp"
    fi
    if [[ ! -d tests/k8s-validate/node_modules/kubernetes-models ]]; then
        command -v npm >/dev/null 2>&1 || { printf 'error: npm is needed for the Kubernetes schema checks (apt-get install nodejs npm)\n' >&2; return 1; }
        printf 'installing tests/k8s-validate (npm ci)...\n' >&2
        npm ci --prefix tests/k8s-validate --no-audit --no-fund >&2 || { printf 'error: npm ci in tests/k8s-validate failed\n' >&2; return 1; }
    fi
    if ! command -v kubectl >/dev/null 2>&1; then
        printf 'warning: kubectl is not on PATH: the k8s/ (kustomize) tests will fail until kubectl 1.27+ is installed\n' >&2
    fi
}
