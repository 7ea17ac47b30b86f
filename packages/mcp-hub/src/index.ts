export { childLogger, silentLogger, type HubLogger } from './logging.js';
export {
  DEFAULT_LEASE_MS,
  openSqliteLedger,
  SqliteLedger,
  type SqliteLedgerOptions,
} from './ledger/sqlite-ledger.js';
export { MIGRATIONS, type Migration } from './ledger/migrations.js';
export type * from './ledger/types.js';
export {
  StaticVendorSource,
  type VendorRecord,
  type VendorSource,
  type VendorStatus,
} from './vendors/vendor-source.js';
export { JsonFileVendorSource, loadVendorsFile } from './vendors/vendor-file.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  ProviderRouter,
  type ConnectorCallOptions,
  type ProviderRouterOptions,
  type RoutedVendor,
} from './router/provider-router.js';
