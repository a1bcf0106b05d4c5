# shellcheck shell=bash
# What `./platform test` needs besides the .NET SDK, installed when missing, all of it before the build and before any
# test runs: a machine that cannot install something stops here with one line naming what to install by hand, never
# with a test failing deep in the run. Sourced by ./platform after scripts/apt.sh and scripts/infra.sh.
#
# Debian packages (scripts/apt.sh):
#   - postgresql, rabbitmq-server: the real database and broker of the integration tests (scripts/infra.sh)
#   - chromium: the alert page's browser test (Debian's build; Playwright never downloads a browser here)
#   - golang-go and the Go sources of sprig, ghodss/yaml and gojsonschema: tools/chart-render, which renders the Helm
#     chart without helm (no helm binary can be installed from any registry reachable here)
#   - yamllint: chart-testing's lint rules
#   - openssl: the development evidence signing key
# npm packages, each pinned by its package-lock.json (npm ci):
#   - tests/alert-page: playwright-core, which drives that chromium
#   - tests/webhook-verifier: standardwebhooks, the reference verifier of our webhook signatures
#   - tests/k8s-validate: kubernetes-models, the Kubernetes schemas
# Checked, not installed: node and npm (this kind of machine has Node 20), kubectl 1.27+ with its built-in kustomize
# (comes with this kind of machine; Debian's kubernetes-client is too old).

# The Debian packages the tests need that this machine lacks, one a line.
test_missing_packages() {
    # Servers named by PLATFORM_TEST_POSTGRES and PLATFORM_TEST_RABBITMQ are not ours to install.
    [[ -n ${PLATFORM_TEST_POSTGRES:-} && -n ${PLATFORM_TEST_RABBITMQ:-} ]] || infra_missing_packages
    command -v go >/dev/null 2>&1 || printf 'golang-go\n'
    command -v yamllint >/dev/null 2>&1 || printf 'yamllint\n'
    command -v openssl >/dev/null 2>&1 || printf 'openssl\n'
    [[ -x /usr/bin/chromium ]] || printf 'chromium\n'
    if command -v dpkg-query >/dev/null 2>&1; then
        apt_missing golang-github-masterminds-sprig-dev golang-github-ghodss-yaml-dev golang-github-xeipuuv-gojsonschema-dev
    fi
}

# npm ci DIR when its MARKER package is missing (a folder under node_modules).
_test_npm_ci() {
    local dir=$1 marker=$2
    [[ -d $dir/node_modules/$marker ]] && return 0
    printf 'installing %s (npm ci)...\n' "$dir" >&2
    local log rc=0
    log=$(mktemp /tmp/platform-npm.XXXXXX) || return 1
    # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core drives Debian's chromium and must never fetch a browser.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund >"$log" 2>&1 </dev/null || rc=1
    if ((rc != 0)); then
        tail -n 20 "$log" >&2
        printf 'error: npm ci in %s failed (log above): the npm registry must be reachable; or run it by hand: npm ci --prefix %s\n' "$dir" "$dir" >&2
    fi
    rm -f "$log"
    return "$rc"
}

test_prerequisites_install() {
    local -a pkgs
    mapfile -t pkgs < <(test_missing_packages)
    apt_install_packages "the tests" "${pkgs[@]}" || return 1
    local tool
    for tool in node npm; do
        command -v "$tool" >/dev/null 2>&1 ||
            { printf 'error: the tests need Node.js 20+ with npm (Debian: apt-get install nodejs npm); %s is not on PATH\n' "$tool" >&2; return 1; }
    done
    _test_npm_ci tests/alert-page playwright-core || return 1
    _test_npm_ci tests/webhook-verifier standardwebhooks || return 1
    _test_npm_ci tests/k8s-validate kubernetes-models || return 1
    command -v kubectl >/dev/null 2>&1 ||
        { printf 'error: the k8s/ tests need kubectl 1.27+ (kustomize built in) on PATH: install it from the Kubernetes apt repository\n' >&2; return 1; }
}
