// The worker thread that decides municipal systems (decider.ts): protect() is pure CPU, so it
// runs here, off the event loop that answers requests. Plain JavaScript so that it starts under
// any runner: the TypeScript it needs loads through the parent's loader (tsx) when there is
// one, else through tsx's own.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';

async function load() {
  // The production build (`npm start`) copies this file beside the compiled JavaScript.
  const compiled = new URL('./municipal-system.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return await import(compiled.href);
  try {
    return await import('./municipal-system.ts');
  } catch (error) {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return await tsImport('./municipal-system.ts', import.meta.url);
  }
}

const system = await load();
parentPort.on('message', ({ id, spec, gate }) => {
  // A test holds the workers: wait here as a long decision would (decider.ts, holdDecisions).
  if (gate) Atomics.wait(gate, 0, 0);
  const started = performance.now();
  try {
    const { hidden, figures } = system.decideSpec(spec);
    parentPort.postMessage({ id, hidden: [...hidden], figures, ms: Math.round(performance.now() - started) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
