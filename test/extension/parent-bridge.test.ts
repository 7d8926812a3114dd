// The dialog page's side of the handshake (common/dialog-link.ts): it believes only its parent
// window's connect message, and only once the background has vouched for the ticket in it; then it
// answers over the port that came with it, and nowhere else.
import { describe, expect, it, vi } from 'vitest';
import { DIALOG_MESSAGE_SOURCE } from '../../extension/src/common/dialog-link.ts';
import type {
  DialogTicketRedeemed,
  DialogTicketRedemption,
} from '../../extension/src/common/runtime-messages.ts';
import { connectToParent } from '../../extension/src/dialog/parent-bridge.ts';

const PAGE = 'http://127.0.0.1:8788/t/demo/users';
const CONTEXT = { view: 'export', tenantId: 'demo', language: 'en', pageToken: 'demo-admin-token' } as const;
const CONNECT = { source: DIALOG_MESSAGE_SOURCE, type: 'connect', ticket: 'ticket-1', context: CONTEXT };

/** A dialog window inside a parent: an EventTarget with `parent`, enough for connectToParent. */
function framedWindow() {
  const parent = new EventTarget();
  const view = Object.assign(new EventTarget(), { parent }) as unknown as Window;
  const send = (data: unknown, options: { source?: unknown; origin?: string; ports?: MessagePort[] } = {}) =>
    // A plain Event with a message's fields: Node's MessageEvent takes only a MessagePort as source.
    view.dispatchEvent(
      Object.assign(new Event('message'), {
        data,
        origin: options.origin ?? 'http://127.0.0.1:8788',
        source: options.source ?? parent,
        ports: options.ports ?? [],
      }),
    );
  return { view, parent, send };
}

const vouching = (answer: DialogTicketRedeemed | undefined) =>
  vi.fn<(redemption: DialogTicketRedemption) => Promise<DialogTicketRedeemed | undefined>>(
    async () => answer,
  );

describe('the dialog page and its parent', () => {
  it('takes the context of a vouched-for connect and answers over its port', async () => {
    const { view, send } = framedWindow();
    const redeem = vouching({ ok: true, pageUrl: PAGE });
    const connecting = connectToParent(view, redeem);
    const channel = new MessageChannel();
    send(CONNECT, { ports: [channel.port2] });
    const connection = await connecting;
    expect(redeem).toHaveBeenCalledWith({
      type: 'portatour:redeem-dialog-ticket',
      ticket: 'ticket-1',
      tenantId: 'demo',
      view: 'export',
      parentOrigin: 'http://127.0.0.1:8788',
    });
    if (!connection.ok) throw new Error('refused');
    expect(connection.context).toEqual(CONTEXT);
    expect(connection.pageUrl).toBe(PAGE);

    const received = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
    connection.bridge.close(true);
    expect(await received).toEqual({ source: DIALOG_MESSAGE_SOURCE, type: 'close', usersChanged: true });
    channel.port1.close();
  });

  it('refuses a connect the background does not vouch for (a page that framed the dialog itself)', async () => {
    for (const answer of [{ ok: false } as const, undefined]) {
      const { view, send } = framedWindow();
      const connecting = connectToParent(view, vouching(answer));
      const channel = new MessageChannel();
      send({ ...CONNECT, ticket: 'guessed' }, { ports: [channel.port2], origin: 'http://127.0.0.1:9999' });
      expect(await connecting).toEqual({ ok: false, reason: 'refused' });
      channel.port1.close();
    }
    // The background not answering at all (an untrusted sender) counts the same.
    const { view, send } = framedWindow();
    const connecting = connectToParent(view, () => Promise.reject(new Error('no answer')));
    const channel = new MessageChannel();
    send(CONNECT, { ports: [channel.port2] });
    expect(await connecting).toEqual({ ok: false, reason: 'refused' });
    channel.port1.close();
  });

  it("refuses the parent's first message when it is no connect or brings no port, without asking", async () => {
    for (const [data, ports] of [
      [{ ...CONNECT, context: { ...CONTEXT, view: 'delete' } }, true],
      [CONNECT, false],
      ['hello', true],
    ] as const) {
      const { view, send } = framedWindow();
      const redeem = vouching({ ok: true, pageUrl: PAGE });
      const connecting = connectToParent(view, redeem);
      const channel = new MessageChannel();
      send(data, { ports: ports ? [channel.port2] : [] });
      expect(await connecting).toEqual({ ok: false, reason: 'refused' });
      expect(redeem).not.toHaveBeenCalled();
      channel.port1.close();
    }
  });

  it('ignores messages from other windows than its parent', async () => {
    const { view, send } = framedWindow();
    const redeem = vouching({ ok: true, pageUrl: PAGE });
    const connecting = connectToParent(view, redeem);
    const stray = new MessageChannel();
    send(CONNECT, { source: new EventTarget(), ports: [stray.port2] });
    expect(redeem).not.toHaveBeenCalled();
    const channel = new MessageChannel();
    send(CONNECT, { ports: [channel.port2] });
    expect((await connecting).ok).toBe(true);
    stray.port1.close();
    channel.port1.close();
  });

  it('refuses to run as a page of its own', async () => {
    const view = new EventTarget() as unknown as Window & { parent: unknown };
    view.parent = view;
    expect(await connectToParent(view, vouching({ ok: true, pageUrl: PAGE }))).toEqual({
      ok: false,
      reason: 'not-framed',
    });
  });
});
