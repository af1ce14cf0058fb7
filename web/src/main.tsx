import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { languageReady } from './i18n/index.ts';
import './styles.css';
import { App } from './app.tsx';
import { SessionProvider } from './session.tsx';

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
// after the page has loaded, so it never competes with the first screen for the connection.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined));
}
