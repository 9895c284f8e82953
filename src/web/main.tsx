import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { hasSession } from './api/client';
import './global.css';
import { AuthProvider } from './auth/AuthContext';
import { PageTitle } from './layout/PageTitle';
import { startOutboxSync } from './offline/outbox';
import { startAutoSync } from './offline/sync';

dayjs.locale('zh-cn');

// The service worker keeps the app shell for offline inspections (built only by `vite build`:
// in development it would serve stale modules). Registered after load, so it never competes
// with the first page's own requests.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No service worker (plain http on a LAN address, private mode): the app works online as before.
    });
  });
  // The worker keeps the signed-in user from a GET /api/auth/me it sees. On a first visit it takes
  // control only after the app's own /me (registered after load, activation can be slow), so ask
  // once more through it: an offline reload later still knows who is signed in. Only when someone
  // is: before sign-in the answer is a 401 (an error in the console), and a sign-in made through
  // the worker records the user by itself (sw.js signInOrOut).
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hasSession()) return;
    fetch('/api/auth/me', { credentials: 'same-origin' }).catch(() => {
      // Offline at that moment: the worker keeps whatever it had.
    });
  });
}
// Inspections submitted offline go to the server at start and whenever the phone is back online.
startAutoSync();
// Patrol logs, drills, education, trainings and gate-log entries saved on the phone (offline/outbox.ts).
startOutboxSync();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1f4e8c' } }}>
      <AntApp>
        <BrowserRouter>
          <PageTitle />
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
