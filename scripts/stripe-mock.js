// Starts npm's stripe-stateful-mock (a local Stripe-compatible API for tests) on 127.0.0.1 only: the package's own
// launcher listens on every interface, so this wrapper builds its Express app (createExpressApp, the entry point its
// README documents for custom servers) and listens on the loopback address. Usage: node stripe-mock.js TOOLS_DIR PORT
"use strict";
const path = require("path");
const http = require("http");

const [tools, port] = process.argv.slice(2);
if (!tools || !port) {
  console.error("usage: node stripe-mock.js TOOLS_DIR PORT");
  process.exit(2);
}

process.env.LOG_LEVEL = process.env.LOG_LEVEL || "warn";
const mock = require(path.join(tools, "node_modules", "stripe-stateful-mock"));
const server = http.createServer(mock.createExpressApp());
server.on("error", (e) => {
  console.error(`stripe-stateful-mock could not listen on 127.0.0.1:${port}: ${e.message}`);
  process.exit(1);
});
server.listen(+port, "127.0.0.1", () => console.log(`stripe-stateful-mock on http://127.0.0.1:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
