/**
 * Test doubles for the alert pipeline: a controllable clock, a recording Slack messenger that can be told to fail,
 * and a renderer whose text is the JSON of what it was asked to render.
 */
import type { Alert, AlertMessageState } from '../../../src/alerts/model.js';
import type { AlertRenderer, PostedMessage, SlackMessage, SlackMessenger } from '../../../src/alerts/ports.js';
import { SecmonError } from '../../../src/errors.js';

export class Clock {
  constructor(public ms: number) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** What the fake renderer puts in `text`. */
export interface Rendered {
  readonly title: string;
  readonly deliveryId: string;
  readonly state: AlertMessageState;
}

export const fakeRender: AlertRenderer = (alert: Alert, state: AlertMessageState): SlackMessage => ({
  text: JSON.stringify({ title: alert.title, deliveryId: alert.deliveryId, state }),
  blocks: [],
});

export function rendered(message: SlackMessage): Rendered {
  return JSON.parse(message.text) as Rendered;
}

export interface RecordedPost {
  readonly channel: string;
  readonly message: SlackMessage;
  readonly posted: PostedMessage;
  readonly at: number;
}

export interface RecordedUpdate {
  readonly target: PostedMessage;
  readonly message: SlackMessage;
  readonly at: number;
}

export interface RecordedReply {
  readonly target: PostedMessage;
  readonly text: string;
  readonly at: number;
}

/** Records every call at the clock's time; each call yields to the event loop first, like a network call. */
export class FakeSlack implements SlackMessenger {
  readonly posts: RecordedPost[] = [];
  readonly updates: RecordedUpdate[] = [];
  readonly replies: RecordedReply[] = [];
  #next = 1;
  readonly #failures = { post: 0, update: 0, reply: 0 };

  constructor(private readonly clock: Clock) {}

  /** The next `times` calls of `method` fail with a SLACK_API error. */
  failNext(method: 'post' | 'update' | 'reply', times = 1): void {
    this.#failures[method] += times;
  }

  async post(channel: string, message: SlackMessage): Promise<PostedMessage> {
    await this.#network('post');
    const posted = { channel, ts: `1763632800.${String(this.#next++).padStart(6, '0')}` };
    this.posts.push({ channel, message, posted, at: this.clock.ms });
    return posted;
  }

  async update(target: PostedMessage, message: SlackMessage): Promise<void> {
    await this.#network('update');
    this.updates.push({ target, message, at: this.clock.ms });
  }

  async reply(target: PostedMessage, text: string): Promise<void> {
    await this.#network('reply');
    this.replies.push({ target, text, at: this.clock.ms });
  }

  /** The last text Slack shows for a message: its latest update, else its post. */
  shown(target: PostedMessage): Rendered | undefined {
    const update = this.updates.filter((u) => u.target.ts === target.ts && u.target.channel === target.channel).at(-1);
    if (update !== undefined) return rendered(update.message);
    const post = this.posts.find((p) => p.posted.ts === target.ts && p.posted.channel === target.channel);
    return post === undefined ? undefined : rendered(post.message);
  }

  async #network(method: 'post' | 'update' | 'reply'): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#failures[method] > 0) {
      this.#failures[method]--;
      throw new SecmonError('SLACK_API', `Slack chat.${method} failed: ratelimited`, { cause: new Error('ratelimited') });
    }
  }
}
