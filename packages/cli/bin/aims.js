#!/usr/bin/env node
// The `aims` command line. Its code is compiled to dist/ by `npm run build` (tsc -b).
import('../dist/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('main.js')) {
    process.stderr.write('aims: the command line is not built yet; run `npm run build` first\n');
    process.exit(70);
  }
  throw error;
});
