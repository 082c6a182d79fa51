import type { Actor } from 'linked-enforcement';
import { request } from './api.js';

/** Saves a file the server answers (the sign-in headers rule out a plain link): its `filename*`, else `fallback`. */
export async function saveDownload(path: string, by: Actor, fallback: string): Promise<void> {
  const response = await request(path, by);
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const anchor = Object.assign(document.createElement('a'), { href: url, download: name === undefined ? fallback : decodeURIComponent(name) });
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
