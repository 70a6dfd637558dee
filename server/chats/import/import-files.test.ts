import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../common/api/chats.js';
import { createUser, type TestChat, type TestUser } from '../../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../../test/harness.js';

/** Rule S21: images and files an export points at but does not carry are named where they were. */

let t: TestApp;
let ada: TestUser;
beforeAll(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  ada = await createUser(t);
});
afterAll(() => t.close());

const imported = async (body: unknown) => {
  const reply = await ada.client.post<ImportResult>('/api/v1/chats/import', body);
  expect(reply.status).toBe(200);
  const chat = (await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${reply.body.chatIds[0] ?? ''}`)).body.chat;
  return chat.messages.map((m) => m.content);
};

describe('importing files', () => {
  it('names the images of a ChatGPT export, whose conversations.json carries only pointers', async () => {
    const image = { content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-abc', width: 10, height: 10 };
    const conversation = {
      title: 'Screenshot question',
      create_time: 1_700_000_000,
      mapping: {
        root: { id: 'root', message: null, parent: null, children: ['a'] },
        a: { id: 'a', message: { author: { role: 'user' }, create_time: 1_700_000_001, content: { content_type: 'multimodal_text', parts: [image, 'What is this?'] } }, parent: 'root', children: ['b'] },
        b: { id: 'b', message: { author: { role: 'assistant' }, create_time: 1_700_000_002, content: { content_type: 'text', parts: ['A cat.'] } }, parent: 'a', children: [] },
      },
      current_node: 'b',
    };
    expect(await imported([conversation])).toEqual(['[image not included in the export]\n\nWhat is this?', 'A cat.']);
  });

  it('names the files of an Open WebUI export', async () => {
    const entry = {
      id: 'owui-1',
      title: 'With files',
      chat: {
        title: 'With files',
        history: {
          currentId: 'm2',
          messages: {
            m1: { parentId: null, childrenIds: ['m2'], role: 'user', content: 'Summarise', timestamp: 1_700_000_000, files: [{ type: 'file', name: 'report.pdf' }, { type: 'image' }] },
            m2: { parentId: 'm1', childrenIds: [], role: 'assistant', content: 'Done.', timestamp: 1_700_000_001 },
          },
        },
      },
    };
    expect(await imported([entry])).toEqual(['Summarise\n\n[file "report.pdf" not included in the import]\n\n[image not included in the import]', 'Done.']);
  });
});
