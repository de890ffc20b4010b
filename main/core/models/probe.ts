import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ProbeSettings } from '../../../shared/schemas/models';
import { hostLoad } from './llama-cpp/llama-cpp-model';
import { modelHost } from './llama-cpp/model-host-client';
import { defaultThreads, describeThreads } from './llama-cpp/threads';

export interface ProbeResult {
  ok: boolean;
  message: string;
  /** The models the server or file offers, where it says. */
  models: string[];
}

const ModelList = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough();
const PROBE_TIMEOUT_MS = 5_000;

async function listModels(
  url: string,
  headers: Record<string, string>,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      message: `${new URL(url).host} cannot be reached${cause ? ` (${cause})` : (error as Error).name === 'TimeoutError' ? ' (no answer in time)' : ''}.`,
      models: [],
    };
  }
  if (response.status === 401 || response.status === 403)
    return { ok: false, message: `${new URL(url).host} refused the API key (${response.status}).`, models: [] };
  if (!response.ok)
    return {
      ok: false,
      message: `${new URL(url).host} answered ${response.status} to ${new URL(url).pathname}.`,
      models: [],
    };
  const parsed = ModelList.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    return { ok: true, message: `${new URL(url).host} answers, but does not list its models.`, models: [] };
  const models = parsed.data.data.map((model) => model.id).sort();
  return {
    ok: true,
    message: `Connected to ${new URL(url).host}: ${models.length} model${models.length === 1 ? '' : 's'}.`,
    models,
  };
}

/** Checks that a model can be reached as set up, and lists what it offers. The key is sent, never returned. */
export async function testModel(settings: ProbeSettings, apiKey: string | undefined): Promise<ProbeResult> {
  switch (settings.provider) {
    case 'scripted':
      return { ok: true, message: 'The scripted model works offline and needs no setup.', models: [] };
    case 'openai-compatible':
      return listModels(`${settings.baseUrl}/models`, apiKey ? { authorization: `Bearer ${apiKey}` } : {});
    case 'anthropic':
      if (!apiKey) return { ok: false, message: 'Anthropic needs an API key.', models: [] };
      return listModels(`${settings.baseUrl}/models`, { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' });
    case 'llama-cpp': {
      try {
        if (!(await startsAsGguf(settings.modelPath)))
          return {
            ok: false,
            message: `${path.basename(settings.modelPath)} is not a GGUF model: it does not start with the GGUF signature.`,
            models: [],
          };
        const { readGgufFileInfo } = await import('node-llama-cpp');
        const info = await readGgufFileInfo(settings.modelPath, { readTensorInfo: false });
        const general = info.metadata.general as { name?: string; architecture?: string };
        const arch = general.architecture ?? 'unknown';
        const context = (info.metadata as unknown as Record<string, { context_length?: number }>)[arch]?.context_length;
        const header = `${general.name ?? path.basename(settings.modelPath)}: ${arch}${context ? `, trained context ${context}` : ''}`;
        // Loaded and made to tokenize every byte value in the model host: a file that would abort llama.cpp
        // mid-turn does it here, and is refused.
        try {
          await modelHost.check(hostLoad(settings));
        } catch (error) {
          return { ok: false, message: `${header}. Refused: ${(error as Error).message}`, models: [] };
        }
        const threads = settings.threads ? `${settings.threads} threads, as set` : describeThreads(defaultThreads());
        return {
          ok: true,
          message: `${header}. It loads, and its tokenizer takes every byte value. ${threads}`,
          models: [path.basename(settings.modelPath)],
        };
      } catch (error) {
        return {
          ok: false,
          message: `${path.basename(settings.modelPath)} is not a GGUF model this workbench can read: ${(error as Error).message.split('\n')[0]}`,
          models: [],
        };
      }
    }
  }
}

export const OLLAMA_URL = 'http://127.0.0.1:11434';

/** Only this machine is probed: detection never reaches out to another host. */
export const LoopbackUrl = z
  .string()
  .refine(isLoopbackHttp, 'must be an http URL on this machine, such as http://127.0.0.1:11434')
  .transform((url) => url.replace(/\/+$/, ''));

function isLoopbackHttp(text: string): boolean {
  const url = URL.parse(text);
  return url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && /^https?:$/.test(url.protocol);
}

/** Whether a file starts with GGUF's signature: read before any parser, so no message ever shows a byte of it. */
async function startsAsGguf(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.toString('latin1') === 'GGUF';
  } finally {
    await handle.close();
  }
}

export interface Detected {
  ollama: { baseUrl: string; models: string[] } | null;
  gguf: { path: string; size: number }[];
}

/** GGUF files in a folder and the folders inside it, largest first. */
async function findGguf(folder: string, depth = 2): Promise<{ path: string; size: number }[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: { path: string; size: number }[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.gguf'))
      found.push({ path: full, size: (await stat(full)).size });
    else if (entry.isDirectory() && depth > 1 && !entry.name.startsWith('.'))
      found.push(...(await findGguf(full, depth - 1)));
  }
  return found.sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
}

/** An Ollama server on this machine, and GGUF files in a folder the user chose. */
export async function detectModels(options: { folder?: string; ollamaUrl?: string }): Promise<Detected> {
  const ollamaUrl = options.ollamaUrl ?? OLLAMA_URL;
  const probe = await listModels(`${ollamaUrl}/v1/models`, {}, 1_500);
  return {
    ollama: probe.ok ? { baseUrl: `${ollamaUrl}/v1`, models: probe.models } : null,
    gguf: options.folder ? await findGguf(options.folder) : [],
  };
}
