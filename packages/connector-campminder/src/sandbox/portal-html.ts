import { HttpResponse } from 'msw';

/** An error page of the portal. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Builds an HTML page response of the portal. */
export function page(status: number, title: string, body: string): Response {
  const html =
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body>\n</html>\n`;
  return new HttpResponse(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

/** Builds the error page of a failed portal request: 400 unless it is a PortalError with its own status. */
export function errorPage(error: unknown): Response {
  const status = error instanceof PortalError ? error.status : 400;
  const message = error instanceof Error ? error.message : String(error);
  return page(status, 'Registration problem', `<p>${escapeHtml(message)}</p>`);
}
