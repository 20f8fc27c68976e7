/**
 * `lessons/lesson.schema.json`: the lesson schema for editors (YAML language servers read a
 * `# yaml-language-server: $schema=...` line or a `$schema` key). Generated from the zod schema,
 * never written by hand; a test checks that the committed file equals this output.
 */
import { z } from 'zod';
import { Lesson } from './schema.js';

/** The JSON Schema (draft 2020-12) of a lesson file, as the text committed in lessons/. */
export function lessonJsonSchemaText(): string {
  // io 'input': fields with a default may be left out of a file.
  const schema = z.toJSONSchema(Lesson, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
