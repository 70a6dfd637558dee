import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import type { TestChat, TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * Talking to a model in the browser: replies stream in, can be stopped, regenerated and answered
 * to an edited prompt; the Model picker chooses who answers. Parley talks to the fake
 * OpenAI-compatible server, whose script each test sets.
 */

const words = (text: string) => text.split(/(?<= )/);
const replies = (page: Page) => page.getByRole('article', { name: 'Assistant message' });
const prompts = (page: Page) => page.getByRole('article', { name: 'Your message' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

describe('chat replies', () => {
  let fake: FakeModelServer;
  let e: E2E;
  let owner: TestUser;

  beforeAll(async () => {
    fake = await startFakeModelServer({ models: ['fake-small', 'fake-large'] });
    e = await startE2E({ openai: { baseUrl: fake.baseUrl, apiKey: 'sk-fake-key-0123456789' }, llm: { ...FAST_LIMITS, idleTimeoutMs: 10_000 } });
    owner = await e.createUser({ name: 'Robin Asker' });
  });
  afterAll(async () => {
    await e.close();
    await fake.close();
  });

  async function chatOf(page: Page): Promise<TestChat> {
    const id = new URL(page.url()).pathname.split('/')[2] ?? '';
    return (await owner.client.get<{ chat: TestChat }>(`/api/v1/chats/${id}`)).body.chat;
  }

  it('streams a reply into a new chat as it is written', async () => {
    const story = 'Once upon a time a small model wrote one word after another until the story was told.';
    fake.script = { tokens: words(story), tokenDelayMs: 120 };
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'Tell me a story');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await prompts(page).getByText('Tell me a story').waitFor();
    const stop = page.getByRole('button', { name: 'Stop generating' });
    await stop.waitFor();
    // Part of the reply is on screen while the rest is still being written.
    await replies(page).getByText('Once upon a time').waitFor();
    const partial = await replies(page).innerText();
    expect(partial).not.toContain('the story was told.');
    await screenshot(page, 'chat-streaming');

    await replies(page).getByText('until the story was told.').waitFor();
    await stop.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    const chat = await chatOf(page);
    expect(chat.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Tell me a story', 'complete'],
      ['assistant', story, 'complete'],
    ]);
    // The sidebar has the new chat.
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('link', { name: 'Tell me a story' }).waitFor();
    await page.context().close();
  });

  it('sends the model chosen in the Model picker, and remembers it per chat and for new chats', async () => {
    fake.script = { tokens: ['Answered ', 'by ', 'the ', 'large ', 'one.'] };
    const page = await e.newPage(owner);
    await page.goto('/');
    const picker = page.getByRole('combobox', { name: 'Model' });
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['fake-small', 'fake-large']);
    await picker.selectOption('fake-large');
    await screenshot(page, 'model-picker');
    await send(page, 'Who answers?');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('Answered by the large one.').waitFor();
    expect(fake.completions().at(-1)?.body.model).toBe('fake-large');
    expect(await replies(page).innerText()).toContain('fake-large');
    const chatUrl = page.url();

    // A new chat starts with the last model picked; this chat keeps the one its thread used.
    await page.goto('/');
    await expect.poll(() => page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('fake-large');
    await page.getByRole('combobox', { name: 'Model' }).selectOption('fake-small');
    await page.goto(chatUrl);
    await replies(page).getByText('Answered by the large one.').waitFor();
    expect(await page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('fake-large');
    await send(page, 'And again?');
    await expect.poll(() => replies(page).count()).toBe(2);
    await replies(page).nth(1).getByText('Answered by the large one.').waitFor();
    expect(fake.completions().at(-1)?.body.model).toBe('fake-large');
    await page.context().close();
  });

  it('stops a slow reply with "Stop generating" and keeps what arrived', async () => {
    fake.script = { tokens: Array.from({ length: 60 }, (_, i) => `word${i} `), tokenDelayMs: 100 };
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'Count slowly');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('word3').waitFor();
    await page.getByRole('button', { name: 'Stop generating' }).click();
    await replies(page).getByText(/^Stopped\./).waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    const shown = await replies(page).locator('.prose').innerText();
    expect(shown).toMatch(/^word0 word1 word2 word3/);
    expect(shown).not.toContain('word59');

    // The server kept the same partial text and marked the reply failed.
    await expect.poll(async () => (await chatOf(page)).messages[1]?.status).toBe('failed');
    const saved = (await chatOf(page)).messages[1]?.content ?? '';
    expect(saved.trim()).toBe(shown.trim());
    await page.reload();
    await replies(page).getByText('word3').waitFor();
    await replies(page).getByText('This reply failed before it was complete.').waitFor();
    await page.context().close();
  });

  it('regenerates a reply as a new version and switches ‹ › between the two', async () => {
    fake.script = { tokens: words('The first answer.') };
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'Say something');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('The first answer.').waitFor();

    fake.script = { tokens: words('A second, different answer.'), tokenDelayMs: 60 };
    await replies(page).getByRole('button', { name: 'Regenerate' }).click();
    await replies(page).getByText('A second, different answer.').waitFor();
    const versions = replies(page).getByRole('group', { name: 'Versions' });
    expect(await versions.innerText()).toContain('2/2');
    expect(await page.getByText('The first answer.').count()).toBe(0);

    await versions.getByRole('button', { name: 'Previous version' }).click();
    await replies(page).getByText('The first answer.').waitFor();
    expect(await versions.innerText()).toContain('1/2');
    await versions.getByRole('button', { name: 'Next version' }).click();
    await replies(page).getByText('A second, different answer.').waitFor();

    const chat = await chatOf(page);
    const answers = chat.messages.filter((m) => m.role === 'assistant');
    expect(answers).toHaveLength(2);
    expect(answers[0]?.parentId).toBe(answers[1]?.parentId);
    await page.context().close();
  });

  it('edits a prompt: Save & Submit sends it beside the old one, with its own reply', async () => {
    fake.script = { tokens: words('Paris is the capital.') };
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'Capital of France?');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('Paris is the capital.').waitFor();

    await prompts(page).getByRole('button', { name: 'Edit' }).click();
    const box = page.getByRole('textbox', { name: 'Edit message' });
    expect(await box.inputValue()).toBe('Capital of France?');
    await box.fill('Never mind');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await prompts(page).getByText('Capital of France?').waitFor();

    fake.script = { tokens: words('Rome is the capital.') };
    await prompts(page).getByRole('button', { name: 'Edit' }).click();
    await box.fill('Capital of Italy?');
    await page.getByRole('button', { name: 'Save & Submit' }).click();
    await replies(page).getByText('Rome is the capital.').waitFor();
    await prompts(page).getByText('Capital of Italy?').waitFor();
    expect(await prompts(page).getByRole('group', { name: 'Versions' }).innerText()).toContain('2/2');
    // The model saw only the edited prompt, not the old branch.
    expect(fake.completions().at(-1)?.body.messages?.map((m) => m.content)).toEqual(['Capital of Italy?']);

    await prompts(page).getByRole('button', { name: 'Previous version' }).click();
    await replies(page).getByText('Paris is the capital.').waitFor();
    await prompts(page).getByText('Capital of France?').waitFor();
    const chat = await chatOf(page);
    const [first, second] = chat.messages.filter((m) => m.role === 'user');
    expect(first?.parentId).toBeNull();
    expect(second?.parentId).toBeNull();
    await page.context().close();
  });

  it('gives the chat the title of its edited first prompt, unless the user renamed it', async () => {
    fake.script = { tokens: words('Berlin.') };
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'Capital of Germany?');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('Berlin.').waitFor();
    await page.getByRole('heading', { name: 'Capital of Germany?', level: 1 }).waitFor();

    fake.script = { tokens: words('Vienna.') };
    await prompts(page).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Capital of Austria?');
    await page.getByRole('button', { name: 'Save & Submit' }).click();
    await replies(page).getByText('Vienna.').waitFor();
    await page.getByRole('heading', { name: 'Capital of Austria?', level: 1 }).waitFor();

    // Renamed by the user: an edit leaves the title alone.
    const chatId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect((await owner.client.patch(`/api/v1/chats/${chatId}`, { title: 'Capitals' })).status).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Capitals', level: 1 }).waitFor();
    fake.script = { tokens: words('Bern.') };
    await prompts(page).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Capital of Switzerland?');
    await page.getByRole('button', { name: 'Save & Submit' }).click();
    await replies(page).getByText('Bern.').waitFor();
    expect((await chatOf(page)).title).toBe('Capitals');
    await page.context().close();
  });

  it('says in words why a message was not sent, or why a reply failed, and keeps the prompt', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    await send(page, 'First question');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).first().waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();

    // The model server is down: refused before the reply starts (502), the prompt comes back.
    fake.modelsStatus = 500;
    await send(page, 'Are you there?');
    await page.getByRole('alert').filter({ hasText: 'Your message was not sent' }).waitFor();
    expect(await composer(page).inputValue()).toBe('Are you there?');
    expect(await prompts(page).count()).toBe(1);

    // The model fails mid-reply: what arrived stays, and the reason is given.
    fake.modelsStatus = null;
    fake.script = { tokens: words('Half of an answer and then'), cutAfter: 3 };
    await page.getByRole('button', { name: 'Send message' }).click();
    await replies(page).nth(1).getByText(/^This reply failed:/).waitFor();
    expect(await replies(page).nth(1).innerText()).toContain('Half of an');
    await page.context().close();
  });
});
