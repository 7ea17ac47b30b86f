import type { RegistryVendorStatus, VendorInput } from '@signupassist/mcp-hub';
import { onePositional, parseCommandArgs, UsageError } from './arguments.js';
import type { Command, CommandContext } from './command-context.js';
import { formatVendor, formatVendorTable } from './format.js';
import { parseObject, readInput } from './input-files.js';
import { parseCapabilities, readConfigFlags, readPaymentsFlag } from './vendor-flags.js';
import { updateCommand } from './update-command.js';

const STATUSES: readonly RegistryVendorStatus[] = ['draft', 'verified', 'live', 'suspended'];

function printJson(context: CommandContext, value: unknown): void {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function addInputFromFlags(
  values: Record<string, string | string[] | boolean | undefined>,
  context: CommandContext,
): Promise<VendorInput> {
  const missing = ['id', 'name', 'connector'].filter((flag) => values[flag] === undefined);
  if (missing.length) {
    throw new UsageError(
      `Missing ${missing.map((flag) => `--${flag}`).join(', ')}: give every one, or --file FILE.`,
    );
  }
  const config = (await readConfigFlags(values, context)) ?? {};
  const capabilityOverrides = parseCapabilities(values.capability as string[] | undefined);
  const payments = await readPaymentsFlag(values.payments as string | undefined, context);
  return {
    id: values.id as string,
    displayName: values.name as string,
    connector: values.connector as string,
    timeZone: (values['time-zone'] as string | undefined) ?? 'UTC',
    config,
    ...(capabilityOverrides ? { capabilityOverrides } : {}),
    ...(payments ? { payments } : {}),
  } as VendorInput;
}

const add: Command = {
  summary: 'add a vendor in draft status',
  usage: `Usage: vendors add --id ID --name NAME --connector CONNECTOR [--time-zone ZONE]
                   [--config JSON | --config-file FILE] [--capability NAME=VALUE]...
                   [--payments JSON_OR_FILE]
       vendors add --file FILE

Adds a vendor in draft status. Credentials are set afterwards with set-credentials.

Options:
  --id ID               vendor id: lower-case letters, digits and hyphens, 2 to 64 characters
  --name NAME           name families see, e.g. "Riverside Swim School"
  --connector ID        installed connector that serves the vendor, e.g. bookeo
  --time-zone ZONE      IANA time zone of the vendor (default UTC)
  --config JSON         connector config as JSON, e.g. '{"baseUrl": "https://api.bookeo.com/v2"}'
  --config-file FILE    connector config from a JSON or YAML file
  --capability N=V      narrow a capability, e.g. holds=absent; repeatable
  --payments JSON_OR_FILE
                        payment settings as inline JSON or a JSON or YAML file ("-" reads
                        stdin), e.g. '{"successFee": {"type": "fixed", "amountMinor": 300,
                        "currency": "USD"}}'; without it the hub charges the vendor's families
                        no success fee
  --file FILE           the whole vendor as a JSON or YAML object with id, displayName,
                        connector, timeZone, config, capabilityOverrides and payments
                        ("-" reads stdin)
  --json                print the vendor as JSON
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      id: { type: 'string' },
      name: { type: 'string' },
      connector: { type: 'string' },
      'time-zone': { type: 'string' },
      config: { type: 'string' },
      'config-file': { type: 'string' },
      capability: { type: 'string', multiple: true },
      payments: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length) throw new UsageError('vendors add takes options only; see --help.');
    let input: VendorInput;
    if (values.file !== undefined) {
      const others = Object.keys(values).filter((key) => !['file', 'json'].includes(key));
      if (others.length) throw new UsageError('Give --file alone or the other options, not both.');
      const file = await readInput(values.file, context.stdin);
      const object = parseObject(file.text, file.source);
      if ('credentials' in object) {
        throw new UsageError(
          `${file.source} contains credentials: remove them and set them with ` +
            '"vendors set-credentials ID --file FILE", or use "vendors import FILE".',
        );
      }
      input = object as unknown as VendorInput;
    } else {
      input = await addInputFromFlags(values, context);
    }
    const vendor = await (await context.registry()).add(input, context.actor);
    if (values.json) printJson(context, vendor);
    else
      context.stdout.write(
        `Added ${vendor.id} (${vendor.status}). Next: vendors set-credentials ${vendor.id} --file FILE\n`,
      );
    return 0;
  },
};

const list: Command = {
  summary: 'list vendors with status and credential fingerprint',
  usage: `Usage: vendors list [--status draft|verified|live|suspended] [--json]

Lists every vendor, or those with one status, as a table.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      status: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length) throw new UsageError('vendors list takes no arguments; see --help.');
    const status = values.status as RegistryVendorStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new UsageError(`--status ${status} is not one of ${STATUSES.join(', ')}.`);
    }
    const vendors = await (await context.registry()).list(status ? { status } : undefined);
    if (values.json) printJson(context, vendors);
    else context.stdout.write(formatVendorTable(vendors));
    return 0;
  },
};

const show: Command = {
  summary: 'show a vendor, its credential fingerprint, last verification and audit log',
  usage: `Usage: vendors show ID [--json]

Shows the vendor's fields, status, credential fingerprint (never the credentials), last
verification and audit log.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
    });
    const id = onePositional(positionals, 'vendor id');
    const registry = await context.registry();
    const vendor = await registry.show(id);
    const audit = await registry.audit(id);
    if (values.json) printJson(context, { vendor, audit });
    else context.stdout.write(formatVendor(vendor, audit));
    return 0;
  },
};

const setCredentials: Command = {
  summary: "seal and store a vendor's credentials from a file or stdin",
  usage: `Usage: vendors set-credentials ID --file FILE
       vendors set-credentials ID --file -      (reads standard input)

Validates the credentials with the connector's schema, encrypts them and stores them. FILE
holds one JSON or YAML object, e.g. {"apiKey": "...", "secretKey": "..."}. Credentials are
never taken from the command line. New credentials return a verified or live vendor to draft:
run "vendors verify ID" and "vendors go-live ID" again.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { file: { type: 'string' } });
    const id = onePositional(positionals, 'vendor id');
    if (values.file === undefined) {
      throw new UsageError('Missing --file FILE: name the credentials file, or "-" for stdin.');
    }
    const input = await readInput(values.file, context.stdin);
    if (input.mode !== undefined && (input.mode & 0o077) !== 0) {
      context.stderr.write(
        `warning: ${input.source} is readable by other users; run "chmod 600 ${input.source}".\n`,
      );
    }
    const credentials = parseObject(input.text, input.source);
    const registry = await context.registry({ credentials: true });
    const vendor = await registry.setCredentials(id, credentials, context.actor);
    if (vendor.undecryptableReplaced) {
      context.stderr.write(`warning: ${vendor.undecryptableReplaced.message}\n`);
    }
    context.stdout.write(
      `Stored credentials of ${vendor.id}: fingerprint ${vendor.credentials?.fingerprint ?? '-'}, ` +
        `key ${vendor.credentials?.keyId ?? '-'}. Next: vendors verify ${vendor.id}\n`,
    );
    return 0;
  },
};

const verify: Command = {
  summary: "check a vendor's credentials against the provider",
  usage: `Usage: vendors verify ID [--json]

Calls the provider with the stored credentials and records the result. A valid check moves a
draft vendor to verified. Exits 1 when the credentials are invalid.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
    });
    const id = onePositional(positionals, 'vendor id');
    const registry = await context.registry({ credentials: true });
    const { vendor, check } = await registry.verify(id, context.actor);
    if (values.json) {
      printJson(context, { vendor, check });
    } else if (check.valid) {
      const account = check.accountId ? ` (account ${check.accountId})` : '';
      context.stdout.write(
        `Credentials of ${vendor.id} are valid${account}; status ${vendor.status}.\n`,
      );
    } else {
      context.stdout.write(
        `Credentials of ${vendor.id} are invalid: ${(check.problems ?? ['no reason given']).join('; ')}\n`,
      );
    }
    return check.valid ? 0 : 1;
  },
};

const goLive: Command = {
  summary: 'start serving a verified vendor',
  usage: `Usage: vendors go-live ID

Moves a verified vendor to live: every hub process searches and books it from then on, without
a restart.
`,
  async run(args, context) {
    const { positionals } = parseCommandArgs(args, {});
    const id = onePositional(positionals, 'vendor id');
    const vendor = await (await context.registry()).goLive(id, context.actor);
    context.stdout.write(`${vendor.id} is ${vendor.status}.\n`);
    return 0;
  },
};

const suspend: Command = {
  summary: 'stop serving a vendor',
  usage: `Usage: vendors suspend ID [--reason TEXT]

Hides the vendor from searches and refuses new bookings. Bring it back with verify, then
go-live.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' } });
    const id = onePositional(positionals, 'vendor id');
    const vendor = await (await context.registry()).suspend(id, context.actor, values.reason);
    context.stdout.write(`${vendor.id} is ${vendor.status}.\n`);
    return 0;
  },
};

/** The `vendors` subcommands except `import`, by name. */
export const VENDOR_COMMANDS: Record<string, Command> = {
  add,
  update: updateCommand,
  list,
  show,
  'set-credentials': setCredentials,
  verify,
  'go-live': goLive,
  suspend,
};
