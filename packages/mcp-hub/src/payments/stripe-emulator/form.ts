/** A decoded form value: Stripe parameters nest with brackets, such as `a[b][0]=x`. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

/** A decoded set of request parameters. */
export type FormObject = { [key: string]: FormValue };

/**
 * Decodes an `application/x-www-form-urlencoded` body or query string the way Stripe reads it:
 * `line_items[0][price_data][currency]=usd` becomes
 * `{ line_items: [{ price_data: { currency: 'usd' } }] }`, and `expand[]=a` appends to a list.
 * Objects whose keys are exactly `0..n-1` become arrays, except under `metadata`, whose keys
 * are free text.
 */
export function decodeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const path = splitName(name);
    if (path === undefined) continue;
    assign(root, path, value);
  }
  return toArrays(root, false) as FormObject;
}

/** Formats a parameter path the way Stripe names parameters in errors: `line_items[0][quantity]`. */
export function formatParam(path: readonly (string | number)[]): string {
  const [first, ...rest] = path;
  return `${String(first ?? '')}${rest.map((part) => `[${String(part)}]`).join('')}`;
}

function splitName(name: string): string[] | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match) return undefined;
  const parts = [match[1] as string];
  for (const bracket of (match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) parts.push(bracket[1] ?? '');
  return parts;
}

type Draft = { [key: string]: Draft | string };

function assign(root: FormObject, path: string[], value: string): void {
  let node = root as Draft;
  for (let index = 0; index < path.length; index += 1) {
    let key = path[index] as string;
    if (key === '') key = String(Object.keys(node).length);
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === 'object') {
      node = next;
    } else {
      const child: Draft = {};
      node[key] = child;
      node = child;
    }
  }
}

function toArrays(value: FormValue, insideMetadata: boolean): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;

  const keys = Object.keys(value);
  const converted: { [key: string]: FormValue } = {};
  for (const key of keys) {
    converted[key] = toArrays(value[key] as FormValue, key === 'metadata');
  }
  const isList = !insideMetadata && keys.length > 0 && keys.every((key, at) => key === String(at));
  return isList ? keys.map((key) => converted[key] as FormValue) : converted;
}
