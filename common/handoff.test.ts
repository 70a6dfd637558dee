import { describe, expect, it } from 'vitest';
import { decodeHandoff, encodeHandoff, type Handoff } from './handoff.js';

/** Base64url of raw bytes, as another sender might write it (no Buffer: this file is type-checked with the web app). */
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const b64 = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

const handoff: Handoff = {
  title: 'Crème brûlée — 焦糖布丁 🍮',
  snapshot: {
    messages: [
      { id: 'a', parentId: null, role: 'user', content: 'How?\n\n```js\nx => x + 1\n```' },
      { id: 'b', parentId: 'a', role: 'assistant', content: 'Like **this**.', model: 'qwen2.5', createdAt: '2025-01-02T03:04:05.000Z' },
    ],
    currentMessageId: 'b',
  },
};

describe('the Share to Community hand-off in a URL fragment', () => {
  it('round-trips any text, in URL-safe characters only', () => {
    const fragment = encodeHandoff(handoff);
    expect(fragment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeHandoff(fragment)).toEqual(handoff);
    expect(decodeHandoff(`#${fragment}`)).toEqual(handoff);
  });

  it('carries a long chat', () => {
    const messages = Array.from({ length: 2000 }, (_, i) => ({
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `message ${i} ${'ünïcödé '.repeat(20)}`,
    }));
    const long: Handoff = { title: 'Long', snapshot: { messages, currentMessageId: 'm1999' } };
    expect(decodeHandoff(encodeHandoff(long))).toEqual(long);
  });

  it('also takes the snapshot alone, titled by share.title, as a link viewer gets it', () => {
    const { title, snapshot } = handoff;
    expect(decodeHandoff(b64({ share: { title }, ...snapshot }))).toEqual(handoff);
    expect(decodeHandoff(b64({ share: {}, ...snapshot }))).toBeNull();
    expect(decodeHandoff(b64({ ...snapshot }))).toBeNull();
  });

  it('keeps only the fields the hub takes', () => {
    const withExtras = { ...handoff, secret: 1, snapshot: { ...handoff.snapshot, messages: handoff.snapshot.messages.map((m) => ({ ...m, status: 'complete' })) } };
    const fragment = b64(withExtras);
    expect(decodeHandoff(fragment)).toEqual(handoff);
  });

  it('carries images as data URLs and the names of the files left out', () => {
    const withFiles: Handoff = {
      title: 'Look',
      snapshot: {
        messages: [{ id: 'a', parentId: null, role: 'user', content: 'This?', fileIds: ['f'] }],
        currentMessageId: 'a',
        files: [{ id: 'f', name: 'shot.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }],
      },
      leftOut: [{ messageId: 'a', name: 'big.png', reason: 'too_large' }],
    };
    expect(decodeHandoff(encodeHandoff(withFiles))).toEqual(withFiles);
    expect(decodeHandoff(b64({ ...withFiles, leftOut: [{ messageId: 'a', name: 'x', reason: 'because' }] }))).toBeNull();
    expect(decodeHandoff(b64({ ...withFiles, snapshot: { ...withFiles.snapshot, files: [{ id: 'f', name: 'x' }] } }))).toBeNull();
    expect(decodeHandoff(b64({ ...withFiles, snapshot: { ...withFiles.snapshot, messages: [{ id: 'a', parentId: null, role: 'user', content: '', fileIds: [1] }] } }))).toBeNull();
  });

  it('answers null for a missing, cut or altered fragment', () => {
    const good = encodeHandoff(handoff);
    for (const bad of [
      '',
      '#',
      'not base64!',
      good.slice(0, good.length - 7),
      b64url(new TextEncoder().encode('not json')),
      b64url(new Uint8Array([0xff, 0xfe, 0x7b])),
      b64(null),
      b64({ title: 'x' }),
      b64({ title: 1, snapshot: handoff.snapshot }),
      b64({ title: 'x', snapshot: { messages: 'no', currentMessageId: null } }),
      b64({ title: 'x', snapshot: { messages: [{ id: 'a', parentId: null, role: 'system', content: '' }], currentMessageId: null } }),
      b64({ title: 'x', snapshot: { messages: [], currentMessageId: 5 } }),
    ]) {
      expect(decodeHandoff(bad), bad).toBeNull();
    }
  });
});
