import type { PreloadBridge } from '../../shared/ipc/transport';
import { mountApp } from './app/mount';
import { typedTransport } from './transport/typed-transport';

declare global {
  interface Window {
    /** Exposed by the sandboxed preload: `invoke` and `on`, nothing else. */
    workbench: PreloadBridge;
  }
}

mountApp(typedTransport(window.workbench));
