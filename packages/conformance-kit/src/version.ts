import packageJson from '../package.json' with { type: 'json' };

/** Version of this conformance kit, as its package.json gives it. */
export const KIT_VERSION: string = packageJson.version;
