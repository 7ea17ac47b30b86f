import type { VendorInput, VendorUpdate } from '@signupassist/mcp-hub';
import { onePositional, parseCommandArgs, UsageError } from './arguments.js';
import type { Command } from './command-context.js';
import { parseCapabilities, readConfigFlags, readPaymentsFlag } from './vendor-flags.js';

/** `vendors update ID`: changes some of a vendor's settings. */
export const updateCommand: Command = {
  summary: "change a vendor's name, connector, time zone, config, capabilities or payments",
  usage: `Usage: vendors update ID [--name NAME] [--connector ID] [--time-zone ZONE]
                      [--config JSON | --config-file FILE] [--capability NAME=VALUE]...
                      [--payments JSON_OR_FILE | --no-payments] [--json]

Changes the given settings and leaves the others. A change of connector or config returns a
verified or live vendor to draft and removes its credentials, because they were checked
against the old endpoint: run "vendors set-credentials ID", "vendors verify ID" and
"vendors go-live ID" again.
--capability replaces every capability override of the vendor.
--payments replaces the vendor's payment settings with inline JSON or a JSON or YAML file
("-" reads stdin); --no-payments removes them, so the vendor's families pay no success fee.
A change of payments keeps the vendor's status and credentials.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      name: { type: 'string' },
      connector: { type: 'string' },
      'time-zone': { type: 'string' },
      config: { type: 'string' },
      'config-file': { type: 'string' },
      capability: { type: 'string', multiple: true },
      payments: { type: 'string' },
      'no-payments': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const id = onePositional(positionals, 'vendor id');
    if (values.payments !== undefined && values['no-payments']) {
      throw new UsageError('Give --payments or --no-payments, not both.');
    }
    const patch: VendorUpdate = {};
    if (values.name !== undefined) patch.displayName = values.name;
    if (values.connector !== undefined) patch.connector = values.connector;
    if (values['time-zone'] !== undefined) patch.timeZone = values['time-zone'];
    const config = await readConfigFlags(values, context);
    if (config !== undefined) patch.config = config;
    const overrides = parseCapabilities(values.capability);
    if (overrides) patch.capabilityOverrides = overrides as VendorInput['capabilityOverrides'];
    const payments = await readPaymentsFlag(values.payments, context);
    if (payments !== undefined) patch.payments = payments as VendorUpdate['payments'];
    if (values['no-payments']) patch.payments = null;
    if (Object.keys(patch).length === 0) {
      throw new UsageError('Nothing to change: give at least one of the options.');
    }

    const vendor = await (await context.registry()).update(id, patch, context.actor);
    if (values.json) context.stdout.write(`${JSON.stringify(vendor, null, 2)}\n`);
    else context.stdout.write(`Updated ${vendor.id}; status ${vendor.status}.\n`);
    if (!values.json && vendor.credentialsRemoved) {
      context.stdout.write(
        `${vendor.credentialsRemoved.reason} Next: vendors set-credentials ${vendor.id} ` +
          '--file FILE\n',
      );
    }
    return 0;
  },
};
