import { createReadStream } from 'node:fs';

/**
 * Reads a file as UTF-8 text, or returns `undefined` as soon as it passes `maxBytes`. The size
 * is counted while reading, because named pipes and devices such as /dev/stdin report a size
 * of 0 to `stat`.
 */
export async function readFileWithin(path: string, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
