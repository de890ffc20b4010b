import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Transport } from '../../../shared/ipc/transport';
import '../ui/styles.css';
import '../ui/room.css';
import { App } from './App';
import { TransportProvider } from './transport-context';

export function mountApp(transport: Transport): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('The page has no #root element');
  createRoot(root).render(
    <StrictMode>
      <TransportProvider transport={transport}>
        <App />
      </TransportProvider>
    </StrictMode>,
  );
}
