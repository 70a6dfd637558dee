import type { SharedMessage, ShareView } from './types.js';

/** A shared chat for tests and screenshots: one reply regenerated twice, the middle one current. */

const at = (minute: number) => `2026-11-21T10:${String(minute).padStart(2, '0')}:00.000Z`;

function message(
  id: string,
  parentId: string | null,
  role: SharedMessage['role'],
  content: string,
  extra: Partial<SharedMessage> = {},
): SharedMessage {
  return { id, parentId, role, content, model: null, createdAt: at(0), status: 'complete', ...extra };
}

const QUESTION = 'How do I plot a damped oscillator $x(t) = e^{-\\gamma t}\\cos(\\omega t)$ in Python?';

const ANSWER = `A damped oscillator decays exponentially while it oscillates:

$$
x(t) = A\\,e^{-\\gamma t}\\cos(\\omega t + \\varphi)
$$

With **NumPy** and **Matplotlib** it takes a few lines:

\`\`\`python
import numpy as np
import matplotlib.pyplot as plt

t = np.linspace(0, 10, 1000)
x = np.exp(-0.3 * t) * np.cos(2 * np.pi * t)

plt.plot(t, x)
plt.xlabel("t (s)")
plt.show()
\`\`\`

| parameter | meaning | typical value |
|---|---|---|
| $\\gamma$ | damping rate | 0.1 – 1 s⁻¹ |
| $\\omega$ | angular frequency | $2\\pi$ rad/s |

See the [Matplotlib docs](https://matplotlib.org/stable/) for more styles.`;

export const sampleView: ShareView = {
  share: {
    id: 'Zq3v8KcN2xWb7LmT4pRy1A',
    title: 'Plotting a damped oscillator',
    sharedBy: 'Ada Lovelace',
    access: 'public',
    updatedAt: '2026-11-21T10:30:00.000Z',
  },
  messages: [
    message('m1', null, 'user', QUESTION, { createdAt: at(1) }),
    message('m2', 'm1', 'assistant', 'Use `matplotlib.pyplot.plot` with `numpy`. First version of the reply.', {
      model: 'llama3.1:8b',
      createdAt: at(2),
    }),
    message('m3', 'm1', 'assistant', ANSWER, { model: 'qwen2.5:14b', createdAt: at(3) }),
    message('m4', 'm3', 'user', 'Nice. Can you add a legend?', { createdAt: at(4) }),
    message('m5', 'm4', 'assistant', 'Pass a `label` and call `plt.legend()`:\n\n```python\nplt.plot(t, x, label="x(t)")\nplt.legend()\n```', {
      model: 'qwen2.5:14b',
      createdAt: at(5),
    }),
    message('m6', 'm1', 'assistant', 'Third version: this one was cut off while', {
      model: 'gpt-4o-mini',
      createdAt: at(6),
      status: 'failed',
    }),
  ],
  currentMessageId: 'm5',
};
