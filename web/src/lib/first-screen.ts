import { useEffect, useState } from 'react';

// What can wait until a signed-in person's first screen shows its content (#17: the dashboard
// within 0.7 s of pressing sign-in on a slow connection): the service worker's precache of the
// whole shell, the offline copy and its code, the bell's count and the invitations. They start
// then, instead of competing with the first screen for the connection and the server.
let shown = false;
const waiting = new Set<() => void>();

/** The first screen has its content (or could not have it): what waits may start. */
export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  for (const start of [...waiting]) start();
  waiting.clear();
}

/** Runs `start` once the first screen has shown (at once if it has); returns a cancel. */
export function afterFirstScreen(start: () => void): () => void {
  if (shown) {
    start();
    return () => undefined;
  }
  waiting.add(start);
  return () => void waiting.delete(start);
}

/** False until the first screen has shown. */
export function useAfterFirstScreen(): boolean {
  const [ready, setReady] = useState(shown);
  useEffect(() => afterFirstScreen(() => setReady(true)), []);
  return ready;
}
