/** Fuzzes the client's POP3 session with hostile server byte streams; see client-fuzz-test.ts for the time budget, seeds and replay. */
import { clientFuzzTest } from './client-fuzz-test.js';

clientFuzzTest('pop3');
