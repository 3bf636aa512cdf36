/**
 * Preloaded with `node --import`: records the URL of every module the process loads and writes the list to the file
 * named by NOME_RECORD_MODULES when it exits, so a test can see what a command loaded.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Worker threads (@salesforce/core's log transport) preload this too: only the main thread's modules count.
if (isMainThread) {
  const loaded = new Set<string>();
  registerHooks({
    load(url, context, nextLoad) {
      loaded.add(url);
      return nextLoad(url, context);
    },
  });
  process.on('exit', () => writeFileSync(process.env.NOME_RECORD_MODULES!, [...loaded].join('\n')));
}
