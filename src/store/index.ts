/** The store's public surface (design.md "Store"); see each module for details. */
export { MailStore, MAX_MESSAGE_SIZE, type CopyResult, type DeliverOptions } from './store.js';
export type { FlagMode } from './mailbox-index.js';
export { HIERARCHY_DELIMITER, INBOX, MAX_MAILBOX_NAME, SPECIAL_USE_MAILBOXES, canonicalMailboxName } from './mailbox-names.js';
export { MAX_KEYWORDS } from './keywords.js';
export { Users, CLASS_LIST, type UserSpec } from './users.js';
export { USER_NAME_PATTERN, isValidUserName } from './user-names.js';
export { createTempDataDir, removeOnExit, type TempDataDir } from './temp-dir.js';
export { defaultDataDir } from './default-data-dir.js';
export * from './types.js';
