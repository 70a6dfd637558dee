import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyPair } from '../../common/api/messages.js';
import type { TestChat } from '../test/factories.js';
import { createChat, createUser, type TestUser } from '../test/factories.js';
import { PNG_1X1, uploadTestFile } from '../test/files.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { describeParts, startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';

let fake: FakeModelServer;
let t: TestApp;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const send = (user: TestUser, chatId: string, body: object) =>
  user.client.post<ReplyPair>(`/api/v1/chats/${chatId}/messages`, { stream: false, ...body });

describe('attachments on messages (S21)', () => {
  it('sends images to the model as image_url parts made from our bytes, and the text of text files in the prompt', async () => {
    fake.script = { echoParts: true };
    const chat = await createChat(ada);
    const image = await uploadTestFile(ada.client, PNG_1X1, 'shot.png');
    const notes = await uploadTestFile(ada.client, 'line one\nline two', 'notes.txt');
    const reply = await send(ada, chat.id, { content: 'What is this?', attachments: [image.id, notes.id] });
    expect(reply.status).toBe(201);
    expect(reply.body.assistantMessage.content).toBe(
      `parts: text "What is this?\n\nFile "notes.txt":\n\`\`\`\nline one\nline two\n\`\`\`", image_url image/png ${PNG_1X1.length} bytes`,
    );
    const last = fake.completions().at(-1)?.body.messages?.at(-1)?.content;
    expect(describeParts(last)).toContain('image_url image/png');
    expect(JSON.stringify(last)).toContain(`data:image/png;base64,${PNG_1X1.toString('base64')}`);

    const attachments = reply.body.userMessage?.attachments ?? [];
    expect(attachments.map((a) => [a.id, a.name, a.mediaType])).toEqual([
      [image.id, 'shot.png', 'image/png'],
      [notes.id, 'notes.txt', 'text/plain'],
    ]);
    const read = await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`);
    const stored = read.body.chat.messages.find((m) => m.role === 'user');
    expect(stored?.attachments).toEqual(attachments);
    const served = await ada.client.get(attachments[0]?.url ?? '');
    expect(served.status).toBe(200);
    expect(served.rawPayload.equals(PNG_1X1)).toBe(true);
    // The files of the chat are its owner's alone.
    expect((await bob.client.get(attachments[0]?.url ?? '')).status).toBe(404);
  });

  it('the model reads earlier images of the thread again on the next turn', async () => {
    fake.script = { tokens: ['ok'] };
    const chat = await createChat(ada);
    const image = await uploadTestFile(ada.client);
    await send(ada, chat.id, { content: 'Look', attachments: [image.id] });
    await send(ada, chat.id, { content: 'And now?' });
    const first = fake.completions().at(-1)?.body.messages?.at(0)?.content;
    expect(describeParts(first)).toBe(`parts: text "Look", image_url image/png ${PNG_1X1.length} bytes`);
  });

  it("refuses another user's file id at write time, with the same answer as an id that does not exist", async () => {
    const chat = await createChat(ada);
    const bobs = await uploadTestFile(bob.client);
    const stolen = await send(ada, chat.id, { content: 'Mine now', attachments: [bobs.id] });
    const unknown = await send(ada, chat.id, { content: 'Mine now', attachments: ['AAAAAAAAAAAAAAAAAAAAAA'] });
    expect(stolen.status).toBe(400);
    expect(stolen.body).toEqual(unknown.body);
    expect(stolen.body).toMatchObject({ error: { fields: [{ field: 'attachments' }] } });
    const read = await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`);
    expect(read.body.chat.messages).toHaveLength(0);
    // Nor can the file be read through Ada's chat or directly.
    expect((await ada.client.get(`/api/v1/files/${bobs.id}`)).status).toBe(404);
    expect((await ada.client.get(`/api/v1/chats/${chat.id}/files/${bobs.id}`)).status).toBe(404);
  });

  it('an attached upload cannot be deleted on its own', async () => {
    const chat = await createChat(ada);
    const image = await uploadTestFile(ada.client);
    await send(ada, chat.id, { content: 'Keep it', attachments: [image.id] });
    expect((await ada.client.delete(`/api/v1/files/${image.id}`)).status).toBe(409);
  });
});
