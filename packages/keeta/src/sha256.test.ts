import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { sha256Hex, webSha256Hex } from './sha256.js';

const texts = ['', 'abc', '不喜欢 a&b=c', 'é'.repeat(1000), '\u{1F600}', 'x'.repeat(100_000)];
const nodeHex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  test('on Node it hashes synchronously (a string, not a promise)', () => {
    expect(typeof sha256Hex('abc')).toBe('string');
  });

  test.each(texts.map((text) => [text.slice(0, 12), text]))(
    'the sync and the Web Crypto digests agree: %j',
    async (_label, text) => {
      expect(sha256Hex(text)).toBe(nodeHex(text));
      await expect(webSha256Hex(text)).resolves.toBe(nodeHex(text));
    },
  );
});

describe('a runtime without process.getBuiltinModule', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  test('falls back to Web Crypto, and signs the documented vector the same', async () => {
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    vi.resetModules();
    const fresh = await import('./sha256.js');
    const digest = fresh.sha256Hex('abc');
    expect(digest).toBeInstanceOf(Promise);
    await expect(digest).resolves.toBe(nodeHex('abc'));

    const { signKeetaRequest } = await import('./sign.js');
    const params = {
      appId: 123,
      accessToken: 'abc',
      shopId: 123,
      timestamp: 1682566749,
      shopCategory: { id: 123, name: 'test', type: 0, description: null },
    };
    const url = 'https://open.mykeeta.com/api/open/product/shopcategory/update';
    await expect(signKeetaRequest({ url, params, appSecret: 'abc' })).resolves.toBe(
      '48eb6d562bb0673e3db753831f032be237fc19d1e5c33fcb5386d89c0eebca86',
    );
  });

  test('a getBuiltinModule that throws also falls back', async () => {
    const refuse = () => {
      throw new Error('not allowed');
    };
    vi.stubGlobal('process', { ...process, getBuiltinModule: refuse });
    vi.resetModules();
    const fresh = await import('./sha256.js');
    await expect(fresh.sha256Hex('abc')).resolves.toBe(nodeHex('abc'));
  });
});

describe('a Node without crypto.hash (before 21.7 / 20.12)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  test('uses createHash, synchronously, with the same digest', async () => {
    const crypto = process.getBuiltinModule('node:crypto');
    const withoutHash = { createHash: crypto.createHash };
    vi.stubGlobal('process', { ...process, getBuiltinModule: () => withoutHash });
    vi.resetModules();
    const fresh = await import('./sha256.js');
    for (const text of texts) expect(fresh.sha256Hex(text)).toBe(nodeHex(text));
  });
});
