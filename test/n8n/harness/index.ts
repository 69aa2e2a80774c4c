/**
 * The n8n-core harness (tools/n8n-harness) as the tests use it: everything it sees goes to the
 * secret scan, and credentials default to the test simulators' password.
 */
import { observeHarness } from '../../../tools/n8n-harness/observer';
import { addSecretProvider, recordForScan, TEST_PASSWORD } from '../../support/secrets';

observeHarness({ record: recordForScan, addSecretProvider, defaultPassword: TEST_PASSWORD });

export * from '../../../tools/n8n-harness';
