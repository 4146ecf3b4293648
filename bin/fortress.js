#!/usr/bin/env node
// The `fortress` command runs the compiled CLI (build with `npm run build`).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('fortress: the project is not built yet; run `npm run build` first\n');
    process.exit(1);
  }
  throw error;
});
