import { mountApp } from './app/mount';
import { httpBridge } from './transport/http-bridge';
import { typedTransport } from './transport/typed-transport';

mountApp(typedTransport(httpBridge()));
