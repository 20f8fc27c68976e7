/**
 * The reply and response codes the sandbox servers can send, read from their source with the
 * TypeScript parser (a grep that understands calls and conditionals): every `reply(NNN, 'X.Y.Z', ...)`
 * and `{ code: NNN, enhanced: 'X.Y.Z' }` of the SMTP server, every `err(text, 'CODE')` of the POP3
 * server, and every `no/bad/ok(text, 'CODE')`, `{ code: 'CODE' }` and `{ name: 'CODE', args }` of the
 * IMAP server. Conditionals count both branches (`readOnly ? 'READ-ONLY' : 'READ-WRITE'`). Lines
 * written whole as strings or templates (the refusals of src/server/sandbox.ts: `421 4.7.0 ...`,
 * `-ERR [SYS/TEMP] ...`, `* BYE [UNAVAILABLE] ...`) count too. Faults (`--fault`) are the
 * instructor's own text and are not the sandbox's codes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function sources(...paths: string[]): { file: string; source: ts.SourceFile }[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    const full = join(ROOT, p);
    if (p.endsWith('.ts')) {
      files.push(full);
      return;
    }
    for (const e of readdirSync(full, { withFileTypes: true })) walk(join(p, e.name));
  };
  paths.forEach(walk);
  return files.map((file) => ({ file, source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true) }));
}

/** The string literals an expression can evaluate to: itself, or both branches of `c ? a : b`. */
function literals(node: ts.Expression | undefined): string[] {
  if (!node) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  return [];
}

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

function callee(node: ts.CallExpression): string | undefined {
  return ts.isIdentifier(node.expression) ? node.expression.text : undefined;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

/** The text of a string literal, or the head of a template (`421 4.7.0 ${domain} ...` → `421 4.7.0 `). */
function textHead(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

/** Every string and template head in the server's source that matches `re`: the lines it writes whole. */
function wholeLines(re: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (const { source } of sources('src/server')) {
    visit(source, (n) => {
      const text = textHead(n);
      const m = text === undefined ? null : re.exec(text);
      if (m) found.push(m);
    });
  }
  return found;
}

/** Basic reply codes the SMTP server sends: `reply(NNN, ...)` (with or without an enhanced code), `{ code: NNN }`, and whole lines. */
export function smtpServerReplyCodes(): number[] {
  const codes = new Set<number>();
  for (const { source } of sources('src/server/smtp', 'src/protocols/smtp/paths.ts', 'src/protocols/smtp/commands.ts')) {
    visit(source, (n) => {
      if (ts.isCallExpression(n) && callee(n) === 'reply' && n.arguments[0] && ts.isNumericLiteral(n.arguments[0])) codes.add(Number(n.arguments[0].text));
      if (ts.isObjectLiteralExpression(n)) {
        const code = property(n, 'code');
        if (code && ts.isNumericLiteral(code)) codes.add(Number(code.text));
      }
    });
  }
  for (const m of wholeLines(/^([2-5]\d\d)[ -]/)) codes.add(Number(m[1]));
  return [...codes].sort();
}

/** `550 5.1.1` pairs of the SMTP server and the SMTP catalogs it uses. */
export function smtpServerPairs(): string[] {
  const pairs = new Set<string>();
  for (const m of wholeLines(/^([2-5]\d\d)[ -](\d\.\d{1,3}\.\d{1,3}) /)) pairs.add(`${m[1]} ${m[2]}`);
  for (const { source } of sources('src/server/smtp', 'src/protocols/smtp/paths.ts', 'src/protocols/smtp/commands.ts')) {
    visit(source, (n) => {
      if (ts.isCallExpression(n) && callee(n) === 'reply' && n.arguments[0] && ts.isNumericLiteral(n.arguments[0])) {
        for (const e of literals(n.arguments[1])) pairs.add(`${n.arguments[0].text} ${e}`);
      }
      if (ts.isObjectLiteralExpression(n)) {
        const code = property(n, 'code');
        if (code && ts.isNumericLiteral(code)) for (const e of literals(property(n, 'enhanced'))) pairs.add(`${code.text} ${e}`);
      }
    });
  }
  return [...pairs].sort();
}

/** Response codes of `err(text, 'CODE')` in the POP3 server and its reply module. */
export function pop3ServerCodes(): string[] {
  const codes = new Set<string>();
  for (const { source } of sources('src/server/pop3', 'src/protocols/pop3/reply.ts')) {
    visit(source, (n) => {
      if (ts.isCallExpression(n) && callee(n) === 'err') for (const c of literals(n.arguments[1])) codes.add(c);
    });
  }
  for (const m of wholeLines(/^[-+](?:ERR|OK) \[([^\]\s]+)\]/)) codes.add(m[1]!);
  return [...codes].sort();
}

/** Response codes of the IMAP server: tagged replies, store errors, code builders, literal refusals. */
export function imapServerCodes(): string[] {
  const codes = new Set<string>();
  for (const { source } of sources('src/server/imap', 'src/protocols/imap/literal-policy.ts')) {
    visit(source, (n) => {
      if (ts.isCallExpression(n) && ['no', 'bad', 'ok'].includes(callee(n) ?? '')) for (const c of literals(n.arguments[1])) codes.add(c);
      if (ts.isObjectLiteralExpression(n)) {
        for (const c of literals(property(n, 'code'))) codes.add(c);
        if (property(n, 'args')) for (const c of literals(property(n, 'name'))) codes.add(c);
      }
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'code') for (const c of literals(n.initializer)) codes.add(c);
    });
  }
  for (const m of wholeLines(/^\* (?:OK|NO|BAD|BYE|PREAUTH) \[([A-Z][A-Z0-9-]*)/)) codes.add(m[1]!);
  return [...codes].sort();
}

/** The string literals a parameter's declared type allows (`kind: 'LIST' | 'LSUB'`), found from a use of it. */
function parameterLiterals(id: ts.Identifier): string[] {
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    const param = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (!param?.type) continue;
    const types = ts.isUnionTypeNode(param.type) ? param.type.types : [param.type];
    return types.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
  }
  return [];
}

/**
 * Untagged response names the IMAP server sends: the atom that names the response in
 * `untagged(atom('CAPABILITY'), ...)` or `untagged(n, atom('EXISTS'))`, given as a literal or as a
 * parameter typed as a union of literals (`atom(kind)`, `kind: 'LIST' | 'LSUB'`).
 */
export function imapServerUntagged(): string[] {
  const names = new Set<string>();
  for (const { source } of sources('src/server/imap')) {
    visit(source, (n) => {
      if (!ts.isCallExpression(n) || callee(n) !== 'untagged') return;
      const [first, second] = n.arguments;
      const naming = first && ts.isNumericLiteral(first) ? second : first && ts.isCallExpression(first) && callee(first) === 'atom' ? first : second;
      if (!naming || !ts.isCallExpression(naming) || callee(naming) !== 'atom') return;
      const arg = naming.arguments[0];
      const found = arg && ts.isIdentifier(arg) ? parameterLiterals(arg) : literals(arg);
      for (const name of found) names.add(name);
    });
  }
  return [...names].sort();
}
