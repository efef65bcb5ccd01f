/** `node tools/bench/run-ts.js file.ts [args]`: runs a TypeScript file of this repository (see register.js). */
'use strict';
require('./register');
require(require('node:path').resolve(process.argv[2]));
