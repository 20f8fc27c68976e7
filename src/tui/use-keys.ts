/**
 * Keyboard input for the screen. Subscribes to Ink's input events and decodes them itself
 * (keys.ts): Ink's useInput cannot report F1 and reports a pasted "EHLO me\r" as one key.
 */
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decodeInput, type Key } from './keys.js';

/** Calls `handler` for every key, in order, while `active`. */
export function useKeys(handler: (key: Key) => void, active = true): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!active || !isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [active, isRawModeSupported, setRawMode]);
  useEffect(() => {
    if (!active) return;
    const onInput = (input: string): void => {
      for (const key of decodeInput(input)) ref.current(key);
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
    };
  }, [active, events]);
}
