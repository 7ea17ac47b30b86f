import type { ReconcileReport } from '@signupassist/mcp-hub';
import { parseCommandArgs, UsageError } from './arguments.js';
import type { Command } from './command-context.js';
import { formatTable } from './format.js';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Formats a reconcile report as a table and a summary line. */
export function formatReconcileReport(report: ReconcileReport, fix: boolean): string {
  const { findings } = report;
  const summary = `Checked ${plural(report.checked, 'payment')}`;
  if (findings.length === 0) return `${summary}: booking and payment agree everywhere.\n`;
  const table = formatTable(
    ['REGISTRATION', 'VENDOR', 'PROBLEM', 'ACTION', 'FIXED'],
    findings.map((finding) => [
      finding.registration,
      finding.vendorId,
      finding.problem,
      finding.action ?? '(needs an operator)',
      finding.fixed ? 'yes' : 'no',
    ]),
  );
  const fixed = findings.filter((finding) => finding.fixed).length;
  const remaining = findings.length - fixed;
  const next =
    remaining === 0
      ? ''
      : fix
        ? ' Findings without an action need an operator.'
        : ' Run again with --fix to take the listed actions.';
  return (
    `${table}${summary}: ${plural(findings.length, 'finding')}, ${fixed} fixed, ` +
    `${remaining} left.${next}\n`
  );
}

/** `payments reconcile`: compares bookings and payments, and repairs the safe cases. */
export const reconcileCommand: Command = {
  summary: 'list registrations whose booking and payment disagree, and repair them',
  usage: `Usage: payments reconcile [--fix] [--vendor ID] [--json]

Compares each payment with its registration and with Stripe, and lists those that disagree,
such as a confirmed booking whose payment is still only authorized, or an authorization that
lapsed. With --fix it takes the safe action of each finding (capture, cancel, or a new payment
link); the others need an operator. It uses STRIPE_SECRET_KEY and the database of the server.

Exits 0 when nothing is left to fix, 1 when findings remain or the check failed, and 2 on a
usage or configuration error.

Options:
  --fix         take the action of each finding that has one
  --vendor ID   check only this vendor's payments
  --json        print the report as JSON: {"checked", "findings": [{"registration",
                "vendorId", "problem", "action", "fixed"}]}

Registrations are named by the reference the hub's logs use, never by their token, so the
report is safe to mail or store.
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      fix: { type: 'boolean', default: false },
      vendor: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length) {
      throw new UsageError('payments reconcile takes options only; see --help.');
    }
    const { payments, registry } = await context.payments();
    // An unknown vendor raises not_found here, rather than giving an empty report.
    if (values.vendor !== undefined) await registry.show(values.vendor);
    const report = await payments.reconcile({
      fix: values.fix,
      ...(values.vendor === undefined ? {} : { vendorId: values.vendor }),
    });
    if (values.json) {
      const findings = report.findings.map((finding) => ({
        registration: finding.registration,
        vendorId: finding.vendorId,
        problem: finding.problem,
        ...(finding.action === undefined ? {} : { action: finding.action }),
        fixed: finding.fixed,
      }));
      context.stdout.write(`${JSON.stringify({ ...report, findings }, null, 2)}\n`);
    } else context.stdout.write(formatReconcileReport(report, values.fix));
    return report.findings.some((finding) => !finding.fixed) ? 1 : 0;
  },
};
