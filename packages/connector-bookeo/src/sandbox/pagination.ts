import { randomUUID } from 'node:crypto';
import type { BookeoPage } from '../bookeo-api.js';
import { badRequest } from './errors.js';

// NOTE: Bookeo does not publish how long a pageNavigationToken lives; 30 minutes is a guess.
const TOKEN_LIFETIME_MS = 30 * 60_000;

interface StoredList {
  accountId: string;
  listName: string;
  items: unknown[];
  itemsPerPage: number;
  expiresAt: number;
}

/**
 * Reads `itemsPerPage` from a query. Returns the default when it is absent, and rejects values
 * outside 1..max with 400.
 */
export function readItemsPerPage(query: URLSearchParams, defaultSize: number, max: number) {
  const text = query.get('itemsPerPage');
  if (text === null) return Math.min(defaultSize, max);

  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    badRequest(`Invalid itemsPerPage "${text}": expected an integer from 1 to ${max}.`);
  }
  return size;
}

/**
 * The result lists behind pageNavigationTokens. The first request of a list stores a snapshot
 * of all its items, and later pages come from that snapshot with the same token.
 */
export class PageStore {
  #lists = new Map<string, StoredList>();

  /** Stores a list and returns its first page. */
  firstPage<Item>(
    accountId: string,
    listName: string,
    items: Item[],
    itemsPerPage: number,
    now: Date,
  ): BookeoPage<Item> {
    this.#dropExpired(now.getTime());
    const token = randomUUID().replaceAll('-', '');
    const list = {
      accountId,
      listName,
      items: structuredClone(items),
      itemsPerPage,
      expiresAt: now.getTime() + TOKEN_LIFETIME_MS,
    };
    this.#lists.set(token, list);
    return pageOf(list, token, 1) as BookeoPage<Item>;
  }

  /**
   * Returns page `pageNumberText` of the list behind `token`. Rejects with 400 a token that is
   * unknown, expired, of another account or of another list, and a page out of range.
   */
  laterPage(
    accountId: string,
    listName: string,
    token: string,
    pageNumberText: string | null,
    now: Date,
  ): BookeoPage<unknown> {
    this.#dropExpired(now.getTime());
    const list = this.#lists.get(token);
    if (!list || list.accountId !== accountId || list.listName !== listName) {
      badRequest(
        'Invalid pageNavigationToken: it is unknown or expired. Repeat the first request.',
      );
    }

    const totalPages = Math.ceil(list.items.length / list.itemsPerPage);
    const pageNumber = Number(pageNumberText ?? 1);
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > Math.max(totalPages, 1)) {
      badRequest(`Invalid pageNumber "${pageNumberText}": expected 1 to ${totalPages}.`);
    }
    return pageOf(list, token, pageNumber);
  }

  /** Forgets every stored list. */
  clear(): void {
    this.#lists.clear();
  }

  #dropExpired(now: number): void {
    for (const [token, list] of this.#lists) {
      if (list.expiresAt <= now) this.#lists.delete(token);
    }
  }
}

function pageOf(list: StoredList, token: string, pageNumber: number): BookeoPage<unknown> {
  const start = (pageNumber - 1) * list.itemsPerPage;
  return {
    info: {
      totalItems: list.items.length,
      totalPages: Math.ceil(list.items.length / list.itemsPerPage),
      currentPage: pageNumber,
      pageNavigationToken: token,
    },
    data: structuredClone(list.items.slice(start, start + list.itemsPerPage)),
  };
}
