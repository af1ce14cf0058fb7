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
