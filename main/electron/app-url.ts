import path from 'node:path';
import { isInside } from '../core/prompts/prompt-path';
import { APP_HOST, APP_SCHEME } from './trusted-sender';

/**
 * Maps an app:// request to a file of the built renderer, or null when it must be refused
 * (another host, or a path that escapes the renderer folder).
 */
export function rendererFileFor(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  return isInside(path.resolve(rendererDir), file) && file !== path.resolve(rendererDir) ? file : null;
}
