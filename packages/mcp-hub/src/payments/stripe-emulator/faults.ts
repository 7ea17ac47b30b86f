/** A failure the emulator injects into matching API requests, for retry and timeout tests. */
export interface FaultRule {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Path to match, such as `/v1/payment_intents/pi_123/capture` or a pattern; any when absent. */
  path?: string | RegExp;
  /**
   * - `server_error`: 500 `api_error` before the request runs (the SDK retries it);
   * - `rate_limit`: 429 `rate_limit` before the request runs;
   * - `drop_before`: the connection closes before the request runs;
   * - `drop_after`: the request runs and its response is stored for its idempotency key, then
   *   the connection closes before the response is sent (a lost response);
   * - `delay`: the response is sent after `delayMs`.
   */
  kind: 'server_error' | 'rate_limit' | 'drop_before' | 'drop_after' | 'delay';
  /** Milliseconds to wait before responding, for every kind; default 0. */
  delayMs?: number;
  /** Number of matching requests the rule applies to; default 1. */
  times?: number;
}

/** Fault rules in the order they were added; each is used up after `times` matches. */
export class FaultQueue {
  private readonly rules: { rule: FaultRule; remaining: number }[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(
        `Invalid fault times ${String(rule.times)}: use a whole number of at least 1.`,
      );
    }
    this.rules.push({ rule, remaining: times });
  }

  /** Returns and uses up the first rule matching the request, if any. */
  take(method: string, path: string): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule, method, path));
    if (index < 0) return undefined;
    const entry = this.rules[index] as { rule: FaultRule; remaining: number };
    entry.remaining -= 1;
    if (entry.remaining === 0) this.rules.splice(index, 1);
    return entry.rule;
  }

  clear(): void {
    this.rules.length = 0;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}
