// `node --require` this file in every server process (scripts/run.ts does, for
// `npm start`, its cluster workers and `npm run dev`): see trusted-client-address.cjs.
"use strict";
require("./trusted-client-address.cjs").install();
