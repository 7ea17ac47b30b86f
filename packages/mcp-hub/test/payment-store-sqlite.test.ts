import { describePaymentStoreContract } from './payment-store-contract.js';
import { sqliteHarness } from './storage-harness.js';

describePaymentStoreContract(sqliteHarness());
