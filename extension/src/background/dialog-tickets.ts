// One-time tickets that let a dialog page trust the context its parent hands it. The content script
// asks for one when a button opens a dialog; the dialog redeems it before it does anything. A page
// that frames the dialog itself has no way to get one: only the extension's own scripts can message
// the background, and a ticket is bound to the tab, page, tenant and view it was issued for.
import type { DialogView } from '../common/dialog-link.ts';

export interface TicketRecord {
  tabId: number;
  /** The page the buttons were clicked on, as the browser reported it (never as the page claims). */
  pageUrl: string;
  tenantId: string;
  view: DialogView;
}

export interface DialogTicketsOptions {
  now?: () => number;
  /** How long an unredeemed ticket stays valid; a dialog redeems it right after it loaded. */
  lifetimeMs?: number;
  /** Bounds the memory a page clicking buttons in a loop can take. */
  maxOpen?: number;
  randomId?: () => string;
}

export class DialogTickets {
  private readonly open = new Map<string, TicketRecord & { expires: number }>();
  private readonly now: () => number;
  private readonly lifetimeMs: number;
  private readonly maxOpen: number;
  private readonly randomId: () => string;

  constructor(options: DialogTicketsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.lifetimeMs = options.lifetimeMs ?? 60_000;
    this.maxOpen = options.maxOpen ?? 50;
    this.randomId = options.randomId ?? (() => crypto.randomUUID());
  }

  issue(record: TicketRecord): string {
    this.dropExpired();
    // The oldest go first: a Map keeps insertion order.
    while (this.open.size >= this.maxOpen) this.open.delete(this.open.keys().next().value as string);
    const ticket = this.randomId();
    this.open.set(ticket, { ...record, expires: this.now() + this.lifetimeMs });
    return ticket;
  }

  /** The ticket's record when it is open and everything it was issued for matches; it is spent either way. */
  redeem(ticket: string, claim: { tabId: number; tenantId: string; view: DialogView }): TicketRecord | null {
    this.dropExpired();
    const record = this.open.get(ticket);
    if (!record) return null;
    this.open.delete(ticket);
    if (record.tabId !== claim.tabId || record.tenantId !== claim.tenantId || record.view !== claim.view)
      return null;
    const { expires: _expires, ...issued } = record;
    return issued;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [ticket, record] of this.open) if (record.expires <= now) this.open.delete(ticket);
  }
}
