import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHub,
  createHubMcpServer,
  HUB_TOOL_NAMES,
  openSqliteLedger,
  type Hub,
  type SqliteLedger,
} from '../src/index.js';
import { closedLoopbackPort, sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { FakeClock } from './helpers.js';

interface ToolOutput {
  [key: string]: unknown;
  error?: { code: string; message: string; retryable: boolean; fields?: { path: string }[] };
}

describe('hub MCP tools', () => {
  let sandbox: BookeoSandbox;
  let ledger: SqliteLedger;
  let hub: Hub;
  let client: Client;
  let clock: FakeClock;

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(async () => {
    sandbox.reset();
    ledger = openSqliteLedger(':memory:');
    const port = await closedLoopbackPort();
    clock = new FakeClock(new Date());
    hub = createHub({
      connectors: [createBookeoConnector()],
      vendors: [
        sandboxVendor(sandbox, SWIM_ACCOUNT),
        sandboxVendor(sandbox, 'PRAIRIECAMP', {
          id: 'offline-camp',
          displayName: 'Offline Camp',
          config: { baseUrl: `http://127.0.0.1:${port}/v2` },
        }),
      ],
      ledger,
      clock,
      searchTimeoutMs: 2_000,
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createHubMcpServer(hub).connect(serverTransport);
    client = new Client({ name: 'hub-test', version: '1.0.0' });
    await client.connect(clientTransport);
  });

  afterEach(async () => {
    await client.close();
    await ledger.close();
  });

  async function call(name: string, args: Record<string, unknown>) {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
    return { result, text, output: (result.structuredContent ?? {}) as ToolOutput };
  }

  async function firstSwimSession(): Promise<string> {
    const { output } = await call('get_program', { vendorId: 'riversideswim', programId: 'LTS58' });
    const program = output.program as { sessions: { sessionId: string }[] };
    return program.sessions[0]!.sessionId;
  }

  it('lists seven tools with hints and schemas', async () => {
    const { tools } = await client.listTools();

    expect(tools.map((tool) => tool.name).sort()).toEqual([...HUB_TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.openWorldHint, tool.name).toBe(true);
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
      expect(typeof tool.annotations?.destructiveHint, tool.name).toBe('boolean');
      expect(typeof tool.annotations?.idempotentHint, tool.name).toBe('boolean');
    }
  });

  it('marks reads read-only, cancel destructive', async () => {
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));

    for (const name of [
      'search_programs',
      'get_program',
      'get_registration_form',
      'get_registration',
    ]) {
      expect(hints[name]?.readOnlyHint, name).toBe(true);
    }
    for (const name of ['prepare_registration', 'confirm_registration', 'cancel_registration']) {
      expect(hints[name]?.readOnlyHint, name).toBe(false);
    }
    const destructive = tools
      .filter((tool) => tool.annotations?.destructiveHint)
      .map((tool) => tool.name);
    expect(destructive).toEqual(['cancel_registration']);
    expect(hints.confirm_registration?.idempotentHint).toBe(true);
    expect(hints.prepare_registration?.idempotentHint).toBe(false);
  });

  it('keeps the tool list small', async () => {
    const { tools } = await client.listTools();
    // The tool list goes into the model's context in every conversation, and ChatGPT rejects
    // lists over about 5,000 tokens. Counted with o200k_base, the GPT-4o tokenizer; the list
    // measured 4,154 tokens when this bound was set.
    const encoder = new Tiktoken(o200kBase);
    expect(encoder.encode(JSON.stringify(tools)).length).toBeLessThan(4_400);
  });

  it('searches past an unreachable vendor', async () => {
    const { result, text, output } = await call('search_programs', { query: 'swimming', age: 7 });

    expect(result.isError).toBeFalsy();
    const programs = output.programs as { programId: string; fromPrice?: string }[];
    expect(programs.map((program) => program.programId)).toContain('LTS58');
    expect(output.unavailableVendors).toEqual([
      expect.objectContaining({ vendorId: 'offline-camp', vendorName: 'Offline Camp' }),
    ]);
    expect(text).toContain('Learn to Swim');
    expect(text).toContain('$85.00');
    expect(text).toContain('Offline Camp');
  });

  it('rejects a malformed search date with the field', async () => {
    const { result, output } = await call('search_programs', { startsAfter: 'next week' });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('invalid_fields');
    expect(output.error?.fields?.map((field) => field.path)).toEqual(['startsAfter']);
  });

  it('rejects search dates that do not exist', async () => {
    for (const [field, value] of [
      ['startsAfter', '2026-02-30'],
      ['startsAfter', '2026-04-31'],
      ['startsBefore', '2026-06-31T10:00:00Z'],
    ]) {
      const { result, output } = await call('search_programs', { [field!]: value });
      expect(result.isError, value).toBe(true);
      expect(
        output.error?.fields?.map((issue) => issue.path),
        value,
      ).toEqual([field]);
    }
  });

  it('explains a search window in the past', async () => {
    const { result, output, text } = await call('search_programs', { startsBefore: '2020-01-01' });

    expect(result.isError).toBeFalsy();
    expect(output.programs).toEqual([]);
    expect(output.unavailableVendors).toEqual([]);
    expect(output.notes).toEqual([
      expect.stringContaining('startsBefore (2020-01-01) is in the past'),
    ]);
    expect(text).toContain('is in the past');
    expect(text).not.toContain('misconfigured');
  });

  it('rejects a reversed search window', async () => {
    const { result, output } = await call('search_programs', {
      startsAfter: '2030-02-01',
      startsBefore: '2030-01-01',
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('invalid_request');
    expect(output.error?.message).toContain('startsBefore');
  });

  it('returns the form with its JSON Schema', async () => {
    const { output, text } = await call('get_registration_form', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
    });

    const fields = output.fields as { key: string; required: boolean }[];
    expect(fields.find((field) => field.key === 'email')?.required).toBe(true);
    expect((output.jsonSchema as { type: string }).type).toBe('object');
    expect(text).toContain('prepare_registration');
  });

  it('returns invalid_fields as an error result', async () => {
    const answers = swimAnswers();
    delete answers.guardian.email;
    const { result, output, text } = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...answers,
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('invalid_fields');
    expect(output.error?.fields?.map((field) => field.path)).toEqual(['guardian.email']);
    expect(text).toContain('guardian.email');
    expect(text).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('returns schema violations as an error result', async () => {
    const { result, text } = await call('get_program', { programId: 'LTS58' });

    expect(result.isError).toBe(true);
    expect(text).toContain('vendorId');
    expect(text).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it('reports an unknown vendor as not_found', async () => {
    const { result, output } = await call('get_program', {
      vendorId: 'nobody',
      programId: 'LTS58',
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('not_found');
    expect(output.error?.retryable).toBe(false);
  });

  it('prepares, confirms, reads and cancels', async () => {
    const prepared = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...swimAnswers(),
    });
    expect(prepared.result.isError).toBeFalsy();
    expect(prepared.output.state).toBe('prepared');
    expect(prepared.output.seatsHeld).toBe(true);
    expect(prepared.text).toContain('$85.00');
    expect(prepared.text).toContain('confirm_registration');
    expect(prepared.text).not.toContain('Dana');
    const registrationId = prepared.output.registrationId as string;

    const confirmed = await call('confirm_registration', { registrationId });
    expect(confirmed.output.state).toBe('booked');
    expect(confirmed.text).toContain('confirmed');
    expect(sandbox.bookingCount()).toBe(1);

    const read = await call('get_registration', { registrationId });
    expect(read.output.receipt).toEqual(confirmed.output.receipt);

    const cancelled = await call('cancel_registration', {
      registrationId,
      reason: 'Schedule change',
    });
    expect(cancelled.output.state).toBe('cancelled');
    expect(cancelled.output.receipt).toMatchObject({ status: 'cancelled' });
    expect(cancelled.text).toContain('cancelled');
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('shows the family what they register for', async () => {
    const { output: program } = await call('get_program', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
    });
    const session = (program.program as { sessions: { start: string; timeZone: string }[] })
      .sessions[0]!;
    const prepared = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...swimAnswers(),
    });

    const format = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-US', { timeZone: session.timeZone, ...options }).format(
        new Date(session.start),
      );
    const day = format({ weekday: 'short', month: 'short', day: 'numeric' });
    // A range in one half-day prints AM or PM once, after the end time.
    const startTime = format({ hour: 'numeric', minute: '2-digit' }).replace(/\s[AP]M$/, '');
    const zone = new Intl.DateTimeFormat('en-US', {
      timeZone: session.timeZone,
      timeZoneName: 'short',
    })
      .formatToParts(new Date(session.start))
      .find((part) => part.type === 'timeZoneName')?.value;
    expect(prepared.text).toContain('Sam (Child) for Learn to Swim (ages 5-8)');
    expect(prepared.text).toContain(`${day}, ${startTime}`);
    expect(prepared.text).toContain(zone);
    expect(prepared.text).not.toContain('Dana');
  });

  it('puts category ids in the form text', async () => {
    const { text } = await call('get_registration_form', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
    });

    expect(text).toContain('Cchildren for Child, 1 to 4');
  });

  it('reports a lapsed hold as expired', async () => {
    const prepared = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...swimAnswers(),
    });
    const expiresAt = Date.parse(prepared.output.expiresAt as string);
    clock.advance(expiresAt - clock.now().getTime() + 1_000);

    const read = await call('get_registration', { registrationId: prepared.output.registrationId });
    expect(read.output.state).toBe('prepared');
    expect(read.output.seatsHeld).toBe(false);
    expect(read.text).toContain('lapsed');
    expect(read.text).toContain('Prepare the registration again');
    expect(read.text).not.toContain('held for');
  });

  it('tells a booked family to cancel before changing', async () => {
    const prepared = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...swimAnswers(),
    });
    const registrationId = prepared.output.registrationId;
    await call('confirm_registration', { registrationId });
    const { result, output, text } = await call('confirm_registration', {
      registrationId,
      booking: { option_SWIMLEVEL: 'Advanced' },
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('idempotency_mismatch');
    expect(text).toContain('already booked with the original answers');
    expect(text).toContain('cancel_registration');
    expect(text).not.toContain('Call prepare_registration again');
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('reports an unknown registration id', async () => {
    for (const tool of ['get_registration', 'cancel_registration']) {
      const { result, output, text } = await call(tool, { registrationId: 'reg_unknown' });
      expect(result.isError, tool).toBe(true);
      expect(output.error?.code, tool).toBe('not_found');
      expect(text, tool).toContain('No registration has this registrationId');
      expect(text, tool).not.toMatch(/token|prepare the registration again/i);
    }
    const confirm = await call('confirm_registration', { registrationId: 'reg_unknown' });
    expect(confirm.text).toContain('No registration has this registrationId');
    expect(confirm.text).not.toContain('token');
  });

  it('reports an unknown search vendor', async () => {
    const { result, output } = await call('search_programs', { vendorId: 'nobody' });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('not_found');
  });

  it('rejects an unknown session on the form', async () => {
    const { result, output } = await call('get_registration_form', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: 'bogus',
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('not_found');
  });

  it('hides operator details of an offline vendor', async () => {
    const { result, output, text } = await call('get_program', {
      vendorId: 'offline-camp',
      programId: 'CAMP612',
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('provider_unavailable');
    expect(text).toContain('Offline Camp');
    expect(text).not.toMatch(/GET|HTTP|\/settings|127\.0\.0\.1/);
  });

  it('returns idempotency_mismatch for changed answers', async () => {
    const prepared = await call('prepare_registration', {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: await firstSwimSession(),
      ...swimAnswers(),
    });
    const { result, output } = await call('confirm_registration', {
      registrationId: prepared.output.registrationId,
      booking: { option_SWIMLEVEL: 'Advanced' },
    });

    expect(result.isError).toBe(true);
    expect(output.error?.code).toBe('idempotency_mismatch');
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('creates a fresh server per call', () => {
    expect(createHubMcpServer(hub)).not.toBe(createHubMcpServer(hub));
  });
});
