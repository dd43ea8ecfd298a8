/**
 * SHA-256 as lowercase hex, synchronously where the runtime can. Keeta signs every call, and
 * an awaited Web Crypto digest costs about 60 µs on the hot path; Node's `createHash` is a
 * few µs and needs no await. Node ≥ 22.3 / 20.16 exposes it through
 * `process.getBuiltinModule`, which works from an ESM bundle for any platform without a
 * static `node:` import. Other runtimes (browsers, workers) use Web Crypto. Both hash the
 * UTF-8 bytes of the text, so the digest is the same either way.
 */

/** The slice of `node:crypto` used here, typed locally so consumers need no `@types/node`. */
interface NodeHash {
  update(data: string, encoding: 'utf8'): NodeHash;
  digest(encoding: 'hex'): string;
}
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
  /** One-shot digest (Node ≥ 21.7 / 20.12): about twice as fast as `createHash` for short text. */
  hash?: (algorithm: 'sha256', data: string, encoding: 'hex') => string;
}
interface ProcessWithBuiltins {
  getBuiltinModule?: (id: 'node:crypto') => NodeCrypto | undefined;
}

/** `null` until looked up; `undefined` when the runtime has no synchronous hash. */
let nodeCrypto: NodeCrypto | undefined | null = null;

function syncCrypto(): NodeCrypto | undefined {
  if (nodeCrypto === null) {
    const runtime = globalThis as { process?: ProcessWithBuiltins };
    try {
      nodeCrypto = runtime.process?.getBuiltinModule?.('node:crypto');
    } catch {
      nodeCrypto = undefined; // a shimmed `process` that refuses: fall back to Web Crypto
    }
  }
  return nodeCrypto;
}

/**
 * Lowercase hex SHA-256 of the UTF-8 bytes of `text`: a string when the runtime hashes
 * synchronously (Node), otherwise a promise (Web Crypto).
 */
export function sha256Hex(text: string): string | Promise<string> {
  const crypto = syncCrypto();
  if (!crypto) return webSha256Hex(text);
  // Both hash a string as its UTF-8 bytes, as Web Crypto does with TextEncoder.
  return crypto.hash
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lowercase hex SHA-256 with Web Crypto (every runtime refundkit supports has it). */
export async function webSha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
