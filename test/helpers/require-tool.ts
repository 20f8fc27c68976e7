/**
 * Integration suites drive real clients. CI installs them (`bash ../shared/peers/install.sh`), so a
 * missing tool is a failure with a message naming it, never a silent skip.
 */
import { existsSync } from 'node:fs';
import { hasCommand } from './tools.js';

const INSTALL_HINT = 'install the peers with: bash ../shared/peers/install.sh';

/** Throws unless `name` is on PATH (or, when `fallbacks` are given, one of those paths exists). Returns the command to run. */
export function requireTool(name: string, fallbacks: readonly string[] = []): string {
  if (hasCommand(name)) return name;
  const found = fallbacks.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(`required tool "${name}" is not installed (looked on PATH${fallbacks.length ? ` and at ${fallbacks.join(', ')}` : ''}); ${INSTALL_HINT}`);
}
