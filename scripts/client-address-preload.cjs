// `node --require` this file in every server process (scripts/run.ts does, for
// `npm start`, its cluster workers and `npm run dev`): see trusted-client-address.cjs
// and page-security-headers.cjs.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded by `node --require` before any module loader */
"use strict";
require("./trusted-client-address.cjs").install();
require("./page-security-headers.cjs").install();
