import type { CapabilityName, ResolvedManifest } from '@signupassist/contract';
import { fail, type ConformanceCheck } from '../check.js';

/** Optional capabilities this kit version has no behavioural checks for. */
export const UNCERTIFIABLE_CAPABILITIES = [
  'waitlist',
  'partialPayments',
  'refunds',
  'paymentStatus',
  'webhooks',
] as const satisfies readonly CapabilityName[];

function uncertifiable(name: (typeof UNCERTIFIABLE_CAPABILITIES)[number]): ConformanceCheck {
  return {
    id: `capabilities.${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
    title: `The declared capability "${name}" can be certified`,
    level: 'catalog',
    capability: name,
    writes: false,
    appliesTo: (manifest: ResolvedManifest) => manifest.capabilities[name] !== 'absent',
    async run(context) {
      const declared = context.capabilities?.[name] ?? 'declared';
      fail(
        `The manifest declares "${name}" as "${declared}", and this kit version has no check ` +
          `for it, so it cannot certify it. Declare "${name}" absent, or list this check in ` +
          'the baseline with the reason.',
      );
    },
  };
}

/** One failing check per declared optional capability the kit cannot certify yet. */
export const capabilityChecks: ConformanceCheck[] = UNCERTIFIABLE_CAPABILITIES.map(uncertifiable);
