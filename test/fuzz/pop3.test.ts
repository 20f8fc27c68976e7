/** Fuzzes the sandbox's POP3 server; see fuzz-test.ts for the time budget, seeds and replay. */
import { fuzzTest } from './fuzz-test.js';

fuzzTest('pop3');
