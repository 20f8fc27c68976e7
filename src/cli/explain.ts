import type { Command } from 'commander';

/** Placeholder registration replaced by the explain command implementation. */
export function registerExplain(_program: Command): void {}
