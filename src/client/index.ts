/**
 * The client engine's public API (for the TUI and line mode). See README "Connect to a server".
 */
export { ClientSession, type ConnectOptions } from './client-session.js';
export type { SessionEnd } from './session-base.js';
export { ClientError, type ClientErrorCode } from './errors.js';
export { EXIT, type ClientEvent, type ClientProtocol, type CloseReason, type TlsSummary } from './events.js';
export { parseTarget, SCHEMES, TARGET_EXAMPLES, type Target, type Scheme } from './target.js';
export { isMetaCommand, runMetaCommand, type MetaHost } from './meta-commands.js';
export { helpText, META_COMMANDS } from './help.js';
export { Recorder } from './recorder.js';
export { escapeForTerminal, visibleLineEnd } from './server-text.js';
export { formatEvent, tlsLines, type LineView } from './line-format.js';
export { runLineMode, type LineModeOptions, type LineModeResult } from './line-mode.js';
export { SASL_NAMES, type SaslName } from './sasl-client.js';
export * as limits from './limits.js';
