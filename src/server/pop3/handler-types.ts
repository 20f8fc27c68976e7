import type { Pop3Reply } from '../../protocols/pop3/reply.js';
import type { Pop3Session } from './session.js';

/** A reply, maybe followed by STLS's upgrade. */
export type Outcome = Pop3Reply & { readonly after?: 'stls' };

/** A SASL step: the next client line goes here (RFC 5034 §4). */
export type SaslStep = (line: string) => Promise<HandlerResult> | HandlerResult;

export type HandlerResult = Outcome | { readonly kind: 'sasl'; readonly challenge: string; readonly next: SaslStep };

export type CommandHandler = (session: Pop3Session, args: string) => HandlerResult | Promise<HandlerResult>;
