/**
 * `mailproto wrap`: a real tool in a pseudo-terminal, its protocol lines explained. See README
 * "Connect to a server" (wrap).
 */
export { runWrap, resolveCommand, type WrapOptions, type WrapResult } from './run-wrap.js';
export { WrapTap, type WrapTapOptions } from './tap.js';
export { describeTool, type WrappedTool, type ToolKind } from './tool.js';
export { WrapError, EXIT_NO_TOOL, type WrapErrorCode } from './wrap-error.js';
export { detectProtocol } from './tracker.js';
