/**
 * Session events for instructors' logs (`mailproto sandbox --json`: one JSON line per event).
 * Credentials never reach it: sessions pass text already redacted (security.md item 24).
 */

export type SessionEvent = {
  readonly event: 'connect' | 'command' | 'reply' | 'tls' | 'auth' | 'delivered' | 'held' | 'close' | 'warning' | 'reject' | 'fault';
  readonly protocol: 'smtp' | 'pop3' | 'imap';
  /** The session's id; `-` for a connection refused before any session started. */
  readonly session: string;
  readonly [key: string]: unknown;
};

export type SessionLog = {
  emit(event: SessionEvent): void;
};

/** A log that drops everything. */
export const silentLog: SessionLog = { emit() {} };

/** A log that keeps events in memory (tests, lessons). */
export class MemoryLog implements SessionLog {
  readonly events: SessionEvent[] = [];
  emit(event: SessionEvent): void {
    this.events.push(event);
  }
}

/** A log that writes JSON Lines to a stream, with a timestamp. */
export function jsonLinesLog(write: (line: string) => void): SessionLog {
  return {
    emit(event) {
      write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
    },
  };
}

let counter = 0;
/** A short session id, unique within the process. */
export function newSessionId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter.toString(36)}`;
}
