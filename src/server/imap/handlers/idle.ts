/**
 * IDLE (RFC 2177): the session answers `+ idling`, tells the client about changes as they
 * happen, and completes the command when the client sends DONE. The idle timeout is off meanwhile.
 */
import type { CommandHandler } from '../handler-types.js';

export const idle: CommandHandler<'IDLE'> = () => ({ status: 'OK', text: 'IDLE terminated', after: 'idle' });
