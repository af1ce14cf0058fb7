import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { languageReady } from './i18n/index.ts';
import './styles.css';
import { App } from './app.tsx';
import { SessionProvider } from './session.tsx';
import { afterFirstScreen } from './lib/first-screen.ts';

// English readers wait for their words (a small chunk); Bulgarian is in this bundle.
void languageReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
  ),
);

// The service worker keeps the app's shell for work without a signal (#17; vite.config.ts). Registered
// once a signed-in person's first screen has shown (and the page has loaded): its precache of the
// whole shell never competes with the sign-in or the first screen for the connection.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  afterFirstScreen(() => (document.readyState === 'complete' ? register() : window.addEventListener('load', register, { once: true })));
}
