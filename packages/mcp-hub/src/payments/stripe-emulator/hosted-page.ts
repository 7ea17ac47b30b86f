import { http, HttpResponse, type RequestHandler } from 'msw';
import { payCheckoutSession } from './checkout.js';
import { formatAmount } from './currency.js';
import { StripeApiError } from './errors.js';
import type { CheckoutSessionObject } from './objects.js';
import type { EmulatorState } from './state.js';

/**
 * Creates the handlers of the hosted checkout page at each session's `url`
 * (`/c/pay/:id`). The page shows the line items and total and offers two buttons that post
 * back to the emulator: one simulates a card that authorizes, the other a declined card. There
 * are no card fields. After an authorization the browser goes to the session's `success_url`
 * with `{CHECKOUT_SESSION_ID}` filled in.
 */
export function createHostedPageHandlers(state: EmulatorState, origin: string): RequestHandler[] {
  return [
    http.get(`${origin}/c/pay/:id`, ({ params }) => {
      const session = state.sessions.find(String(params.id))?.object;
      if (!session) return html(404, notFoundPage());
      return html(200, checkoutPage(state, session));
    }),
    http.post(`${origin}/c/pay/:id`, async ({ request, params }) => {
      const id = String(params.id);
      const found = state.sessions.find(id);
      if (!found) return html(404, notFoundPage());
      const outcome = new URLSearchParams(await request.text()).get('outcome');
      if (outcome !== 'authorized' && outcome !== 'declined') {
        return html(400, checkoutPage(state, found.object, 'Choose one of the two buttons.'));
      }

      try {
        const result = payCheckoutSession(state, id, outcome);
        if (outcome === 'declined') {
          return html(
            402,
            checkoutPage(state, result.session, 'Your card was declined. Try again.'),
          );
        }
        const target = result.session.success_url?.replaceAll('{CHECKOUT_SESSION_ID}', id);
        return target
          ? new HttpResponse(null, { status: 303, headers: { location: target } })
          : html(200, checkoutPage(state, result.session));
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        return html(409, checkoutPage(state, found.object, error.message));
      }
    }),
  ];
}

function checkoutPage(
  state: EmulatorState,
  session: CheckoutSessionObject,
  notice?: string,
): string {
  const owner = state.sessions.find(session.id)?.owner ?? null;
  const merchant =
    owner === null
      ? 'Platform account'
      : (state.accounts.get(owner)?.business_profile.name ?? owner);
  const items = (state.lineItems.get(session.id) ?? [])
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description)} × ${item.quantity}</td><td>${escapeHtml(formatAmount(item.amount_total, item.currency))}</td></tr>`,
    )
    .join('');
  const total = escapeHtml(formatAmount(session.amount_total, session.currency));

  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pay ${escapeHtml(merchant)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
table{width:100%;border-collapse:collapse}td{padding:.4rem 0;border-bottom:1px solid #ddd}
td+td{text-align:right}button{display:block;width:100%;margin:.6rem 0;padding:.8rem;font-size:1rem}
.notice{padding:.6rem;background:#fde8e8}.test{color:#666;font-size:.85rem}</style></head>
<body>
<p class="test">Stripe emulator test page. No card is read or charged.</p>
<h1>${escapeHtml(merchant)}</h1>
${notice === undefined ? '' : `<p class="notice" role="alert">${escapeHtml(notice)}</p>`}
<table>${items}<tr><td><strong>Total</strong></td><td><strong>${total}</strong></td></tr></table>
${body(session)}
</body></html>
`;
}

function body(session: CheckoutSessionObject): string {
  if (session.status === 'complete') return '<p>Payment authorized. You can close this page.</p>';
  if (session.status === 'expired') return '<p>This checkout page has expired.</p>';
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>`
    : '';
  return `<form method="post">
<button type="submit" name="outcome" value="authorized">Pay</button>
<button type="submit" name="outcome" value="declined">Pay with a card that is declined</button>
</form>
${cancel}`;
}

function notFoundPage(): string {
  return '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p>No such checkout page.</p></body></html>';
}

function html(status: number, text: string): Response {
  return new HttpResponse(text, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
