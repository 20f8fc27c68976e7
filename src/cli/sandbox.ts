import type { Command } from 'commander';

/** Placeholder registration replaced by the sandbox command implementation. */
export function registerSandbox(_program: Command): void {}
