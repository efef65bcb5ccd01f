const { task, src, dest, parallel } = require('gulp');

// Icons live in icons/ and nodes reference them as file:../../icons/<name>.svg from dist/nodes/<Node>/.
function copyIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

// Codex files (<Node>.node.json) sit beside each node and n8n reads them from dist/.
function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

task('build:icons', parallel(copyIcons, copyCodex));
