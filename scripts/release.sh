#!/usr/bin/env bash
# `npm run release`: everything a release needs short of publishing, in order, stopping at the first
# failure: build, lint, the jest suite, then `npm pack` and n8n's scanner on that very tarball.
# Prints the tarball to publish. Publishing is a separate, deliberate step (see README.md, Development):
# n8n's verification wants npm provenance, i.e. `npm publish --provenance` from GitHub Actions.
#
# .npmrc sets ignore-scripts, so npm's pre/post hooks never run: every step is called explicitly here.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "build (type-check, bundle, icons and codex)"
npm run build

step "lint (tsc, n8n-node lint)"
npm run lint

step "test (jest, through n8n's engine against the IO Phone simulator)"
npx jest

step "pack"
out_dir="${RELEASE_DIR:-release}"
mkdir -p "$out_dir"
tarball="$out_dir/$(npm pack --ignore-scripts --pack-destination "$out_dir" --json | node -e '
	const [info] = JSON.parse(require("fs").readFileSync(0, "utf8"));
	console.error(`${info.filename}: ${info.size} B packed, ${info.unpackedSize} B unpacked, ${info.entryCount} files`);
	console.log(info.filename);
')"

step "scan (n8n's scanner, offline, on $tarball)"
node scripts/scan.mjs "$tarball"

# package.json fields n8n shows and npm uses that the lint rules cannot judge.
node -e '
	const pkg = require("./package.json");
	const email = pkg.author && pkg.author.email || "";
	if (/\.(example|invalid|test|localhost)$/i.test(email)) {
		console.warn(`\nWARNING: package.json author.email (${email}) is not a deliverable address; set a real one before publishing.`);
	}
'

step "ready"
echo "$tarball"
