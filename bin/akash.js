#!/usr/bin/env node
// Entry point: enable Node's compile cache where available, then hand over to the CLI.
import module from "node:module";

if (typeof module.enableCompileCache === "function") module.enableCompileCache();

let main;
try {
  ({ main } = await import("../build/src/cli/main.js"));
} catch (error) {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/src/cli/main.js")) {
    process.stderr.write("akash: the CLI is not built yet; run `npm install` (or `npm run build`) in the package folder\n");
    process.exit(70);
  }
  throw error;
}
process.exitCode = await main(process.argv.slice(2));
