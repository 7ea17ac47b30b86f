import { createHash } from 'node:crypto';
import { ConnectorError } from '@signupassist/contract';
import {
  BOOKEO_LIMITS,
  bookeoCustomerCustomFieldsSchema,
  bookeoPeopleCategorySchema,
  bookeoProductSchema,
  type BookeoCustomerCustomFields,
  type BookeoPeopleCategory,
  type BookeoProduct,
} from './bookeo-api.js';
import type { BookeoClient } from './http-client.js';

/** Time product and form settings are reused, in ms. Bookeo advises caching products 10-15 min. */
export const SETTINGS_CACHE_TTL_MS = 10 * 60_000;

interface CacheEntry {
  expiresAt: number;
  value: Promise<unknown>;
}

/**
 * Per-vendor cache of the Bookeo settings that change rarely: products, people categories and
 * customer custom fields. Entries are keyed by vendor, base URL and a hash of the API key, so
 * new credentials never read another key's data. Concurrent loads of one entry share a request.
 */
export class BookeoSettingsCache {
  readonly #entries = new Map<string, CacheEntry>();

  constructor(readonly ttlMs: number = SETTINGS_CACHE_TTL_MS) {}

  /** Returns every product of the vendor, following pagination to the end. */
  products(client: BookeoClient): Promise<BookeoProduct[]> {
    return this.#load(client, 'products', () =>
      client.sendForAllPages(
        { method: 'GET', path: '/settings/products', endpoint: 'GET /settings/products' },
        bookeoProductSchema,
        BOOKEO_LIMITS.productsMaxItemsPerPage,
      ),
    );
  }

  /** Returns one product, or throws `not_found` naming it. */
  async product(client: BookeoClient, productId: string): Promise<BookeoProduct> {
    const products = await this.products(client);
    const product = products.find((item) => item.productId === productId);
    if (product) return product;

    throw new ConnectorError(
      'not_found',
      `Vendor "${client.context.vendor.displayName}" has no Bookeo product "${productId}".`,
      { vendorId: client.context.vendor.id },
    );
  }

  /** Returns the people categories (adults, children, ...) of the vendor. */
  peopleCategories(client: BookeoClient): Promise<BookeoPeopleCategory[]> {
    return this.#load(client, 'peopleCategories', () =>
      client.sendForAllPages(
        {
          method: 'GET',
          path: '/settings/peoplecategories',
          endpoint: 'GET /settings/peoplecategories',
        },
        bookeoPeopleCategorySchema,
        BOOKEO_LIMITS.productsMaxItemsPerPage,
      ),
    );
  }

  /** Returns the custom fields Bookeo requests from every customer of the vendor. */
  customerCustomFields(client: BookeoClient): Promise<BookeoCustomerCustomFields> {
    return this.#load(client, 'customerCustomFields', () =>
      client.send({
        method: 'GET',
        path: '/settings/customercustomfields',
        endpoint: 'GET /settings/customercustomfields',
        schema: bookeoCustomerCustomFieldsSchema,
        retry: { kind: 'repeatable' },
      }),
    );
  }

  /** Forgets every cached entry. */
  clear(): void {
    this.#entries.clear();
  }

  async #load<T>(client: BookeoClient, name: string, fetch: () => Promise<T>): Promise<T> {
    const key = `${cacheKeyOf(client)}|${name}`;
    const now = client.context.clock.now().getTime();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now) {
      try {
        return (await cached.value) as T;
      } catch {
        // Another operation's load failed, perhaps because its caller aborted, so load anew.
      }
    }

    const value = fetch();
    const entry = { expiresAt: now + this.ttlMs, value };
    this.#entries.set(key, entry);
    try {
      return await value;
    } catch (error) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }
}

function cacheKeyOf(client: BookeoClient): string {
  const apiKeyHash = createHash('sha256')
    .update(String((client.context.credentials as { apiKey?: unknown }).apiKey))
    .digest('hex')
    .slice(0, 16);
  return `${client.context.vendor.id}|${client.config.baseUrl}|${apiKeyHash}`;
}
