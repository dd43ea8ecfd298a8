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
