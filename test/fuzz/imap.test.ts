/** Fuzzes the sandbox's IMAP server; see fuzz-test.ts for the time budget, seeds and replay. */
import { fuzzTest } from './fuzz-test.js';

fuzzTest('imap');
