export {
  createHub,
  DEFAULT_PREPARED_TTL_MS,
  DEFAULT_SEARCH_TIMEOUT_MS,
  DEFAULT_UNKNOWN_OUTCOME_RETRY_DELAY_MS,
  type CreateHubOptions,
  type Hub,
  type VendorProblem,
} from './hub.js';
export type { OperationOptions } from './hub-context.js';
export { childLogger, silentLogger, type HubLogger } from './logging.js';
export type { HubPaymentsOptions } from './payments/context.js';
export type {
  HubPayments,
  ReconcileFinding,
  ReconcileReport,
  StripeSettings,
  WebhookOutcome,
} from './payments/gateway.js';
export {
  isPaymentSettingsError,
  isPaymentWebhookError,
  PaymentSettingsError,
  PaymentWebhookError,
} from './payments/errors.js';
export { computeSuccessFee, feePolicyFor, percentOf } from './payments/fees.js';
export {
  ConnectRefundPolicySchema,
  ConnectSettingsSchema,
  FeePolicySchema,
  VendorPaymentsSchema,
  type ConnectSettings,
  type FeePolicy,
  type VendorPayments,
  type VendorPaymentsInput,
} from './payments/config.js';
export type * from './payments/types.js';
export type { PaymentView } from './payments/view.js';
export {
  DEFAULT_LEASE_MS,
  openSqliteLedger,
  SqliteLedger,
  type SqliteLedgerOptions,
} from './ledger/sqlite-ledger.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './storage/migrations.js';
export type * from './ledger/types.js';
export type { PostgresLedger } from './ledger/postgres-ledger.js';
export type * from './storage/types.js';
export { isStorageError, StorageError, type StorageErrorCode } from './storage/errors.js';
export { openSqliteStorage, type SqliteStorage } from './storage/sqlite/storage.js';
export { openPostgresStorage, type PostgresStorage } from './storage/postgres/storage.js';
export type { SqliteVendorStore } from './storage/sqlite/vendor-store.js';
export type { PostgresVendorStore } from './storage/postgres/vendor-store.js';
export type { SqlitePaymentStore } from './storage/sqlite/payment-store.js';
export type { PostgresPaymentStore } from './storage/postgres/payment-store.js';
export {
  StaticVendorSource,
  type VendorRecord,
  type VendorSource,
  type VendorStatus,
} from './vendors/vendor-source.js';
export { JsonFileVendorSource, loadVendorsFile } from './vendors/vendor-file.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  defaultOperationTimeoutMs,
  minimumLeaseMs,
  OUTCOME_LOOKUP_MS,
} from './timings.js';
export {
  isVendorSetupError,
  ProviderRouter,
  type ConnectorCallOptions,
  type ProviderRouterOptions,
  type RoutedVendor,
} from './router/provider-router.js';
export {
  SEARCH_LIMITS,
  type ProgramMatch,
  type SearchProgramsInput,
  type SearchProgramsResult,
  type UnavailableVendor,
  type VendorSummary,
} from './search/search-programs.js';
export { matchScore, stem } from './search/text-match.js';
export {
  PROGRAM_SESSION_LIMIT,
  type ProgramDetails,
  type RegistrationFormDetails,
} from './catalog.js';
export type { PrepareRegistrationInput } from './registration/prepare.js';
export type { ConfirmRegistrationInput } from './registration/confirm.js';
export { registrationRef, type RegistrationView } from './registration/view.js';
export { HUB_TOOL_NAMES, registerHubTools, type HubToolOptions } from './mcp/tools.js';
export { createHubMcpServer, type HubMcpServerOptions } from './mcp/server.js';
export {
  CredentialDecryptionError,
  isCredentialDecryptionError,
  isKeyRingError,
  KeyRingError,
  type DecryptionFailureReason,
} from './vault/errors.js';
export {
  ENCRYPTION_KEYS_VARIABLE,
  formatKeyRingEntry,
  KEY_BYTES,
  KeyRing,
  parseKeyRing,
  type EncryptionKey,
} from './vault/key-ring.js';
export {
  DEVELOPMENT_KEY_FILE,
  loadKeyRing,
  type LoadedKeyRing,
  type LoadKeyRingOptions,
} from './vault/load-key-ring.js';
export {
  credentialFingerprint,
  CredentialVault,
  FINGERPRINT_LENGTH,
  type SealedValue,
} from './vault/vault.js';
export type * from './vendors/registry-types.js';
export { isRegistryError, RegistryError } from './vendors/registry-error.js';
export { StoredVendorRegistry, type VendorRegistryOptions } from './vendors/registry.js';
export {
  DEFAULT_REGISTRY_REFRESH_MS,
  RegistryVendorSource,
  type RegistryVendorSourceOptions,
} from './vendors/registry-vendor-source.js';
