import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { ConnectorError, isConnectorError, type FieldIssue } from '@signupassist/contract';
import { errorLogFields, toConnectorError } from '../errors.js';
import type { Hub } from '../hub.js';
import { silentLogger, type HubLogger } from '../logging.js';
import type { SearchProgramsInput } from '../search/search-programs.js';
import { fieldOutput, programOutput, registrationOutput } from './present.js';
import { INPUT_SHAPES, OUTPUT_SCHEMAS } from './schemas.js';
import {
  errorSummary,
  formSummary,
  programSummary,
  registrationSummary,
  searchSummary,
} from './summaries.js';

/** Names of the hub's MCP tools. */
export const HUB_TOOL_NAMES = [
  'search_programs',
  'get_program',
  'get_registration_form',
  'prepare_registration',
  'confirm_registration',
  'get_registration',
  'cancel_registration',
] as const;

// Every hint is set, because MCP's defaults are pessimistic and ChatGPT's review requires them.
// All tools reach vendors' booking systems, so all are open-world.
const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
const PREPARE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};
const CONFIRM: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
const CANCEL: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
};

/** Options of {@link registerHubTools}. */
export interface HubToolOptions {
  /** Receives unexpected errors of the tool layer; the hub logs its own. */
  logger?: HubLogger;
}

function success(structuredContent: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent };
}

function failure(error: ConnectorError): CallToolResult {
  const structured = {
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.fields === undefined ? {} : { fields: error.fields }),
  };
  return {
    isError: true,
    content: [{ type: 'text', text: errorSummary(error) }],
    structuredContent: { error: structured },
  };
}

/** Checks that YYYY-MM-DD names a real day; `new Date` rolls 2026-02-30 over to March. */
function isCalendarDay(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses a date or date-time argument; a date alone means midnight UTC. */
function parseDate(
  value: string | undefined,
  path: string,
  issues: FieldIssue[],
): Date | undefined {
  if (value === undefined) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const date = new Date(text);
  if (!valid || Number.isNaN(date.getTime()) || !isCalendarDay(text.slice(0, 10))) {
    issues.push({ path, message: 'must be a date such as 2026-07-01 or a date-time with offset' });
    return undefined;
  }
  return date;
}

function searchInput(args: {
  query?: string;
  age?: number;
  vendorId?: string;
  startsAfter?: string;
  startsBefore?: string;
  limit?: number;
}): SearchProgramsInput {
  const issues: FieldIssue[] = [];
  const startsAfter = parseDate(args.startsAfter, 'startsAfter', issues);
  const startsBefore = parseDate(args.startsBefore, 'startsBefore', issues);
  if (issues.length > 0)
    throw new ConnectorError('invalid_fields', 'Some search dates are invalid.', {
      fields: issues,
    });
  return {
    ...(args.query === undefined ? {} : { query: args.query }),
    ...(args.age === undefined ? {} : { age: args.age }),
    ...(args.vendorId === undefined ? {} : { vendorId: args.vendorId }),
    ...(args.limit === undefined ? {} : { limit: args.limit }),
    ...(startsAfter ? { startsAfter } : {}),
    ...(startsBefore ? { startsBefore } : {}),
  };
}

/**
 * Registers the hub's seven tools on an MCP server. Each returns concise `structuredContent`
 * and a one-paragraph text summary. Failures are `isError` results with the contract code, a
 * plain message and the field list, and never a stack trace or a provider body.
 */
export function registerHubTools(server: McpServer, hub: Hub, options: HubToolOptions = {}): void {
  const logger = options.logger ?? silentLogger;
  const guard = async (
    tool: string,
    body: () => Promise<CallToolResult>,
  ): Promise<CallToolResult> => {
    try {
      return await body();
    } catch (error) {
      if (isConnectorError(error)) return failure(error);
      logger.error({ tool, ...errorLogFields(error) }, 'Tool failed unexpectedly');
      return failure(toConnectorError(error));
    }
  };

  server.registerTool(
    'search_programs',
    {
      title: 'Search programs',
      description:
        'Finds classes, camps and lessons across the connected vendors, matching activity words ' +
        "in titles and descriptions and the child's age. Call it first when a family describes " +
        'what they want. Returns programs with their next sessions, plus vendors that could not ' +
        'be searched. Next: get_program for all sessions, or get_registration_form to register.',
      inputSchema: INPUT_SHAPES.searchPrograms,
      outputSchema: OUTPUT_SCHEMAS.searchPrograms,
      annotations: READ,
    },
    (args) =>
      guard('search_programs', async () => {
        const result = await hub.searchPrograms(searchInput(args));
        const structured = {
          programs: result.programs.map((match) =>
            programOutput(match.vendor, match.program, match.sessions),
          ),
          unavailableVendors: result.unavailableVendors.map((vendor) => ({
            vendorId: vendor.vendorId,
            vendorName: vendor.displayName,
            reason: vendor.reason,
          })),
          ...(result.notes ? { notes: result.notes } : {}),
        };
        return success(structured, searchSummary(result));
      }),
  );

  server.registerTool(
    'get_program',
    {
      title: 'Get program',
      description:
        'Returns one program with its upcoming sessions, seats left and prices. Call it when the ' +
        'family asks about dates or availability of a program found by search_programs. Next: ' +
        'get_registration_form with the chosen sessionId.',
      inputSchema: INPUT_SHAPES.getProgram,
      outputSchema: OUTPUT_SCHEMAS.getProgram,
      annotations: READ,
    },
    (args) =>
      guard('get_program', async () => {
        const details = await hub.getProgram(args);
        const program = programOutput(details.vendor, details.program, details.sessions);
        return success({ program }, programSummary(details));
      }),
  );

  server.registerTool(
    'get_registration_form',
    {
      title: 'Get registration form',
      description:
        'Returns the questions a vendor asks to register for a program or session: guardian ' +
        'fields, per-participant fields, booking fields, participant categories and limits, and ' +
        'a JSON Schema of the answers, keyed by field key. Call it before prepare_registration ' +
        'and ask the family only for what it lists.',
      inputSchema: INPUT_SHAPES.getRegistrationForm,
      outputSchema: OUTPUT_SCHEMAS.getRegistrationForm,
      annotations: READ,
    },
    (args) =>
      guard('get_registration_form', async () => {
        const details = await hub.getRegistrationForm(args);
        const form = details.form;
        const structured = {
          vendorId: details.vendor.id,
          programId: form.programId,
          ...(form.sessionId ? { sessionId: form.sessionId } : {}),
          fields: form.fields.map(fieldOutput),
          participantCategories: form.participantCategories.map(({ id, label, min, max }) => ({
            id,
            label,
            min,
            max,
          })),
          minParticipants: form.minParticipants,
          maxParticipants: form.maxParticipants,
          jsonSchema: details.jsonSchema,
        };
        return success(structured, formSummary(form));
      }),
  );

  server.registerTool(
    'prepare_registration',
    {
      title: 'Prepare registration',
      description:
        "Checks the family's answers against the vendor's form and the session's room, quotes " +
        'the price and holds seats where the vendor supports holds. Nothing is booked yet. ' +
        'Returns a registrationId, the quote and when it lapses. Show the family the price and ' +
        'details; call confirm_registration only after they agree. If the quote has a ' +
        'checkoutUrl, the family first authorizes the fees on that page; the card is charged ' +
        'only once the vendor confirms. On invalid_fields, ask for the listed fields and call ' +
        'again.',
      inputSchema: INPUT_SHAPES.prepareRegistration,
      outputSchema: OUTPUT_SCHEMAS.registration,
      annotations: PREPARE,
    },
    (args) =>
      guard('prepare_registration', async () => {
        const view = await hub.prepareRegistration(args);
        return success(registrationOutput(view), registrationSummary(view));
      }),
  );

  server.registerTool(
    'confirm_registration',
    {
      title: 'Confirm registration',
      description:
        'Books a prepared registration with the vendor. Call it only after the family agreed to ' +
        'the quote from prepare_registration and paid on its checkoutUrl, if any. It books at ' +
        'most once per registrationId: calling it again returns the same booking. Answers may ' +
        'be sent again but must match the prepared ones. Returns the booking reference, status ' +
        'and how the fees are paid.',
      inputSchema: INPUT_SHAPES.confirmRegistration,
      outputSchema: OUTPUT_SCHEMAS.registration,
      annotations: CONFIRM,
    },
    (args) =>
      guard('confirm_registration', async () => {
        const view = await hub.confirmRegistration(args);
        return success(registrationOutput(view), registrationSummary(view));
      }),
  );

  server.registerTool(
    'get_registration',
    {
      title: 'Get registration',
      description:
        'Returns the current state of a registration by its registrationId, refreshed from the ' +
        "vendor's system when booked. Call it when the family asks about a registration or " +
        'after a confirm reported that the booking is still in progress.',
      inputSchema: INPUT_SHAPES.getRegistration,
      outputSchema: OUTPUT_SCHEMAS.registration,
      annotations: READ,
    },
    (args) =>
      guard('get_registration', async () => {
        const view = await hub.getRegistration(args);
        return success(registrationOutput(view), registrationSummary(view));
      }),
  );

  server.registerTool(
    'cancel_registration',
    {
      title: 'Cancel registration',
      description:
        'Cancels a registration: a booked one is cancelled with the vendor, a prepared one ' +
        "releases its held seats. Refunds follow the vendor's policy. Call it only when the family " +
        'clearly asks to cancel. Calling it again is safe and returns the same result.',
      inputSchema: INPUT_SHAPES.cancelRegistration,
      outputSchema: OUTPUT_SCHEMAS.registration,
      annotations: CANCEL,
    },
    (args) =>
      guard('cancel_registration', async () => {
        const view = await hub.cancelRegistration(args);
        return success(registrationOutput(view), registrationSummary(view));
      }),
  );
}
