import '@mantine/core/styles.css';
import './console.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { AuthProvider } from './auth/auth-context';
import { loadConsoleConfig } from './client/console-config';

void loadConsoleConfig().then((config) => {
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <MantineProvider defaultColorScheme="light">
        <AuthProvider config={config}>
          <App />
        </AuthProvider>
      </MantineProvider>
    </StrictMode>,
  );
});
