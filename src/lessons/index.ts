/**
 * The lesson engine's public API, for `mailproto learn`, `mailproto lessons` and the TUI's lesson
 * pane. docs/lessons.md describes the lesson format for authors.
 *
 *   const { lessons } = await loadLessons([builtinLessonsDir()]);
 *   const progress = await Progress.load();
 *   const runner = new LessonRunner(lessons[0].lesson);
 *   progress.follow(runner);
 *   runner.on((e) => render(e));                 // step, goal, hint, mistake, action, complete ...
 *   runner.session.on('event', (e) => show(e));  // the protocol lines, as from a ClientSession
 *   await runner.start(progress.resumeStep(lessons[0].lesson));
 *   await runner.session.send('EHLO laptop');    // or runner.runMeta(':hint', ui)
 */
export { LessonRunner, LESSON_META_COMMANDS, type MetaUi, type LessonRunnerOptions } from './runner.js';
export type { LessonEvent } from './events.js';
export { LessonSession, type LineKind } from './lesson-session.js';
export { Progress, defaultProgressFile, stateDirectory, type LessonProgress } from './progress.js';
export { loadLessons, loadLessonFile, parseLesson, formatProblem, type LoadedLesson, type LessonProblem } from './load.js';
export { builtinLessonsDir, byTrack, findLesson, nextLesson } from './curriculum.js';
export { lessonJsonSchemaText } from './json-schema.js';
export { runLearnLineMode, formatLessonEvent, lessonIntro, LEARN_KEYS } from './learn-line-mode.js';
export { Lesson, Step, Goal, TRACKS, LEVELS, LESSON_SERVICES, serviceProtocol, type Track, type Level, type LessonService } from './schema.js';
