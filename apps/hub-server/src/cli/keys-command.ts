import { parseCommandArgs, UsageError } from './arguments.js';
import type { Command } from './command-context.js';

/** `keys rotate`: re-seals every credential under the active key. */
export const rotateCommand: Command = {
  summary: "re-seal every vendor's credentials under the active encryption key",
  usage: `Usage: keys rotate

Decrypts every stored credential set and seals it again under the active key, the first one
in HUB_ENCRYPTION_KEYS, in one transaction. Rotate in three steps:
  1. put the new key first in HUB_ENCRYPTION_KEYS and keep the old one after it, e.g.
     HUB_ENCRYPTION_KEYS="k2027:NEWKEY,k2026:OLDKEY", and restart every hub process;
  2. run "keys rotate" once;
  3. remove the old key from HUB_ENCRYPTION_KEYS and restart again.
`,
  async run(args, context) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length) throw new UsageError('keys rotate takes no arguments; see --help.');
    const { resealed, keyId } = await (
      await context.registry({ credentials: true })
    ).rotateKeys(context.actor);
    context.stdout.write(
      `Re-sealed the credentials of ${resealed} vendor${resealed === 1 ? '' : 's'} under key ${keyId}.\n`,
    );
    return 0;
  },
};
