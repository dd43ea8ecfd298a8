# Sourced by scripts/* and .ci/run: puts Node >= 22 and the pinned pnpm on PATH.
#
# The machine's default Node may be 20 (end of life; vitest 5, changesets 3 and Redocly
# need >= 22) and may have no pnpm. Corepack cannot be used here (the registry mirror
# serves packages without the signatures it checks), so both come from the npm registry
# into ./.toolchain, which is git-ignored. A machine that already has them is used as is.

REFUNDKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The pnpm version is the one package.json pins in "packageManager" ("pnpm@X.Y.Z").
REFUNDKIT_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$REFUNDKIT_ROOT/package.json")"
REFUNDKIT_NODE_MAJOR="24"

refundkit_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

refundkit_toolchain() {
  local bin="$REFUNDKIT_ROOT/.toolchain/node_modules/.bin"
  if [ -x "$bin/node" ] && [ -x "$bin/pnpm" ]; then
    export PATH="$bin:$PATH"
  fi
  if [ "$(refundkit_node_major)" -lt 22 ] || [ "$(pnpm --version 2>/dev/null)" != "$REFUNDKIT_PNPM_VERSION" ]; then
    echo "› installing Node $REFUNDKIT_NODE_MAJOR and pnpm $REFUNDKIT_PNPM_VERSION into .toolchain/" >&2
    npm install --prefix "$REFUNDKIT_ROOT/.toolchain" --no-audit --no-fund --loglevel=error \
      "node@$REFUNDKIT_NODE_MAJOR" "pnpm@$REFUNDKIT_PNPM_VERSION" >&2
    export PATH="$bin:$PATH"
  fi
  if [ "$(refundkit_node_major)" -lt 22 ]; then
    echo "error: Node >= 22 is required and could not be installed" >&2
    return 1
  fi
  echo "› node $(node --version), pnpm $(pnpm --version)" >&2
}

# Installs the workspace's dependencies exactly as locked.
refundkit_install() {
  (cd "$REFUNDKIT_ROOT" && pnpm install --frozen-lockfile --reporter=append-only) >&2
}

# The browser the sandbox inspector's tests and benchmark drive (playwright-core, pointed at
# it). Playwright's own download cannot reach its servers here, so it is Debian's Chromium:
# installed with apt-get when missing and we may (root, apt-get present). Exports
# REFUNDKIT_CHROMIUM with its path; without a browser the browser tests fail, naming this.
refundkit_chromium() {
  local found
  found="${REFUNDKIT_CHROMIUM:-$(command -v chromium || command -v chromium-headless-shell || command -v google-chrome || true)}"
  if [ -z "$found" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "› installing Chromium (Debian package) for the browser tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >&2
    found="$(command -v chromium || true)"
  fi
  if [ -n "$found" ]; then
    export REFUNDKIT_CHROMIUM="$found"
    echo "› chromium: $found" >&2
  else
    echo "warning: no Chromium found and none could be installed; the inspector's browser tests will fail" >&2
  fi
}
