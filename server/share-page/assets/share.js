// The share page's one script. The page reads fine without it; it adds the Copy buttons of code
// blocks, switching between versions of a message in place, opening a message's link on another
// version, read-aloud and "Continue this conversation".

const body = document.body;
const shareId = body.dataset.shareId ?? '';
const ttsEngine = body.dataset.tts ?? 'none';

/** @type {Map<string, HTMLElement>} */
const messages = new Map();
/** Each message's replies, oldest first, as the page orders siblings. @type {Map<string, HTMLElement[]>} */
const children = new Map();
for (const element of document.querySelectorAll('.message[data-id]')) {
  if (!(element instanceof HTMLElement) || !element.dataset.id) continue;
  messages.set(element.dataset.id, element);
  const parent = element.dataset.parent ?? '';
  children.set(parent, [...(children.get(parent) ?? []), element]);
}

// Copy buttons of code blocks.

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http: the Clipboard API is missing, the old way still works.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'absolute';
  area.style.left = '-9999px';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The browser refused to copy.');
}

async function copyCode(button) {
  const code = button.closest('.code-block')?.querySelector('pre code');
  if (!code) return;
  try {
    await copyText(code.textContent ?? '');
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed';
  }
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 2000);
}

// Versions: show the thread that ends at the chosen sibling's newest leaf. Without this script
// the buttons submit their form, and the server renders that version (`?v=`).

function showThreadTo(leaf) {
  const thread = new Set();
  for (let node = leaf; node && !thread.has(node); node = messages.get(node.dataset.parent ?? '')) {
    thread.add(node);
  }
  for (const element of messages.values()) element.hidden = !thread.has(element);
}

function showVersion(button) {
  const target = messages.get(button.dataset.target ?? '');
  const leaf = target && messages.get(target.dataset.leaf ?? '');
  if (!target || !leaf) return;
  showThreadTo(leaf);
  // A reload, or the address copied from here, shows this version too.
  history.replaceState(history.state, '', `?v=${encodeURIComponent(target.dataset.id ?? '')}`);
  // Keep the keyboard where it was: on the same control of the version now shown.
  const label = button.getAttribute('aria-label');
  const again = target.querySelector(`.version-switch[aria-label="${label}"]:not([disabled])`);
  const focusable = again ?? target.querySelector('.version-switch:not([disabled])');
  if (focusable instanceof HTMLElement) focusable.focus();
}

// A message's link (`#<id>`) to a message of another version: show that version, newest branch
// below the message, and scroll to it. One on the thread shown needs nothing: the browser
// scrolls to it, and `:target` marks it.

function newestLeafFrom(message) {
  let node = message;
  for (let steps = 0; steps < messages.size; steps++) {
    const newest = children.get(node.dataset.id ?? '')?.at(-1);
    if (!newest) break;
    node = newest;
  }
  return node;
}

function revealLinkedMessage() {
  let id = '';
  try {
    id = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return; // not a fragment this page made
  }
  const message = messages.get(id);
  if (!message?.hidden) return;
  showThreadTo(newestLeafFrom(message));
  message.scrollIntoView();
}

revealLinkedMessage();
window.addEventListener('hashchange', revealLinkedMessage);

// Read aloud: the browser's voice, or the instance's speech endpoint.

let speaking = null;

function stopSpeaking() {
  if (!speaking) return;
  speaking.stop();
  speaking.button.setAttribute('aria-pressed', 'false');
  speaking = null;
}

function messageText(message) {
  const clone = message.querySelector('.message-body')?.cloneNode(true);
  if (!(clone instanceof HTMLElement)) return '';
  for (const chrome of clone.querySelectorAll('.code-header, .katex-html')) chrome.remove();
  return clone.textContent?.trim() ?? '';
}

async function readAloud(button) {
  const message = button.closest('.message');
  const wasSpeaking = speaking?.button === button;
  stopSpeaking();
  if (wasSpeaking || !(message instanceof HTMLElement)) return;
  button.setAttribute('aria-pressed', 'true');
  const done = () => {
    if (speaking?.button === button) stopSpeaking();
  };
  if (ttsEngine === 'browser') {
    const utterance = new SpeechSynthesisUtterance(messageText(message));
    utterance.addEventListener('end', done);
    speaking = { button, stop: () => speechSynthesis.cancel() };
    speechSynthesis.speak(utterance);
    return;
  }
  const url = `/api/v1/shares/${encodeURIComponent(shareId)}/messages/${encodeURIComponent(message.dataset.id ?? '')}/speech`;
  const audio = new Audio();
  let objectUrl = '';
  speaking = {
    button,
    stop: () => {
      audio.pause();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`speech: ${response.status}`);
    objectUrl = URL.createObjectURL(await response.blob());
    if (speaking?.button !== button) {
      URL.revokeObjectURL(objectUrl); // stopped while the audio was on its way
      return;
    }
    audio.src = objectUrl;
    audio.addEventListener('ended', done);
    await audio.play();
  } catch {
    done();
    button.title = 'Read aloud is not available right now';
  }
}

const canSpeak = ttsEngine === 'openai' || (ttsEngine === 'browser' && 'speechSynthesis' in window);
if (canSpeak) {
  for (const button of document.querySelectorAll('.read-aloud')) {
    if (button instanceof HTMLElement) {
      button.hidden = false;
      button.setAttribute('aria-pressed', 'false');
    }
  }
}

// Continue this conversation: fork the snapshot into the viewer's chats and open it.

async function continueConversation(button) {
  const status = document.querySelector('.continue-status');
  button.disabled = true;
  try {
    const response = await fetch(button.dataset.forkUrl ?? '', { method: 'POST', credentials: 'same-origin' });
    if (response.status === 401) {
      window.location.assign(`/auth?redirect=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    if (!response.ok) throw new Error(`fork: ${response.status}`);
    const { chatId } = await response.json();
    window.location.assign(`/c/${encodeURIComponent(chatId)}`);
  } catch {
    button.disabled = false;
    if (status) status.textContent = 'This conversation could not be copied to your chats. Please try again.';
  }
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button) return;
  if (button.classList.contains('copy-code')) void copyCode(button);
  else if (button.classList.contains('version-switch')) {
    event.preventDefault(); // in place, without the form's request
    showVersion(button);
  }
  else if (button.classList.contains('read-aloud')) void readAloud(button);
  else if (button.classList.contains('continue')) void continueConversation(button);
});
