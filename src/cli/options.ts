/** Option parsers shared by commands: each validates once and fails with a one-line AbortError. */
import { InvalidArgumentError } from 'commander';

/**
 * A port number, `0` for a free port, or `off`. `off` stays a string: commander does not keep a
 * `null` returned by a parser; the command turns it into null.
 */
export function parsePort(value: string): number | 'off' {
  if (value === 'off') return 'off';
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535, or "off"');
  }
  return Number(value);
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number above 0');
  }
  return Number(value);
}

/** `NAME:PASS`, repeatable. */
export function collectUser(value: string, previous: Array<{ name: string; password: string }> = []): Array<{ name: string; password: string }> {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new InvalidArgumentError('expected NAME:PASSWORD, e.g. --user carol:secret');
  return [...previous, { name: value.slice(0, colon), password: value.slice(colon + 1) }];
}

/** Collects a repeatable string option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
