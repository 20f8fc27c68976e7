// `node --import ./test/helpers/import-probe.mjs ...`: records every module specifier the program
// resolves that names ink or react, one per line, in the file named by IMPORT_PROBE_FILE. Tests
// use it to check that commands which do not render never load the TUI's libraries.
// IMPORT_PROBE_PATTERN, a regular expression, records other specifiers instead.
import { register } from 'node:module';

register('./import-probe-hooks.mjs', import.meta.url, { data: { file: process.env.IMPORT_PROBE_FILE, pattern: process.env.IMPORT_PROBE_PATTERN } });
