import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** A tool result, read field by field; the tests' assertions check its shape. */
export type ToolResult = {
  isError?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  structuredContent?: Record<string, any>;
  content: unknown;
};

/** Calls one MCP tool. */
export async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** Returns the text parts of a tool result. */
export function text(result: ToolResult): string {
  return (result.content as Array<{ type: string; text?: string }>)
    .map((part) => part.text ?? '')
    .join('\n');
}

/** Guardian answers of the swim school's form. */
export const SWIM_GUARDIAN = {
  firstName: 'Dana',
  lastName: 'Rivera',
  email: 'dana.rivera@example.com',
  custom_EMERGENCYPHONE: '+1 555 010 0199',
};

/** One child of the swim school's form. */
export const SWIM_PARTICIPANTS = [
  { category: 'Cchildren', answers: { firstName: 'Sam', lastName: 'Rivera' } },
];

/** Booking answers of the swim school's form. */
export const SWIM_BOOKING = { option_SWIMLEVEL: 'Beginner' };

/** Returns the base address of a server from its MCP endpoint. */
export function baseUrl(mcpUrl: string): string {
  return new URL(mcpUrl).origin;
}

/**
 * Pays on the emulator's hosted checkout page as a browser would: loads the page, submits its
 * form with the given button, and returns the page's status and the redirect target, if any.
 */
export async function payOnCheckoutPage(
  checkoutUrl: string,
  outcome: 'authorized' | 'declined' = 'authorized',
): Promise<{ pageStatus: number; page: string; status: number; location: string | null }> {
  const pageResponse = await fetch(checkoutUrl);
  const page = await pageResponse.text();
  const submitted = await fetch(checkoutUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }).toString(),
    redirect: 'manual',
  });
  await submitted.text();
  return {
    pageStatus: pageResponse.status,
    page,
    status: submitted.status,
    location: submitted.headers.get('location'),
  };
}

/** Signs a payload as Stripe does: `t=<seconds>,v1=<hex HMAC-SHA256 of "t.payload">`. */
export function stripeSignature(secret: string, payload: string | Buffer, seconds: number): string {
  const digest = createHmac('sha256', secret).update(`${seconds}.`).update(payload).digest('hex');
  return `t=${seconds},v1=${digest}`;
}

/** Status, headers and body text of one HTTP response. */
export interface RawResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Sends one request with node:http, which, unlike fetch, lets a test choose the Host header.
 * `target` is the server's base address.
 */
export function rawRequest(
  target: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<RawResponse> {
  const url = new URL(target);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: response.headers,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Posts a webhook body with its signature to a route of the server at `target`. */
export function postWebhook(
  target: string,
  path: string,
  body: string | Buffer,
  signature: string | undefined,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(target, {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature === undefined ? {} : { 'stripe-signature': signature }),
      ...headers,
    },
    body,
  });
}
