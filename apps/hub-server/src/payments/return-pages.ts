import type { Express, Response } from 'express';

/** Path of the page Stripe Checkout sends the family to after paying. */
export const PAYMENT_COMPLETE_PATH = '/payments/complete';

/** Path of the page Stripe Checkout sends the family to when they leave without paying. */
export const PAYMENT_CANCELLED_PATH = '/payments/cancelled';

// The pages show no data from the request, so nothing a link carries can be injected; the
// policy still allows only the inline style.
const SECURITY_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function page(title: string, lines: readonly string[]): string {
  const paragraphs = lines.map((line) => `<p>${line}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - SignupAssist</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.4rem}</style>
</head>
<body>
<h1>${title}</h1>
${paragraphs}
</body>
</html>
`;
}

const COMPLETE_PAGE = page('Payment authorized', [
  'Your card is authorized. Nothing is charged until the registration is confirmed.',
  'Go back to the chat and ask the assistant to finish the registration. You can close this tab.',
]);

const CANCELLED_PAGE = page('Payment not made', [
  'You left the payment page, and nothing was charged.',
  'Go back to the chat to pay later or to choose something else. You can close this tab.',
]);

function send(response: Response, html: string): void {
  response.status(200).set(SECURITY_HEADERS).send(html);
}

/**
 * Serves the pages Stripe Checkout returns the family to. They are static: the registration
 * goes on in the chat, and the payment state comes from Stripe's webhooks, not from the
 * query that the return URL carries.
 */
export function mountReturnPages(app: Express): void {
  app.get(PAYMENT_COMPLETE_PATH, (_request, response) => send(response, COMPLETE_PAGE));
  app.get(PAYMENT_CANCELLED_PATH, (_request, response) => send(response, CANCELLED_PAGE));
}
