import type { ItemResult } from '../../../domain/inspection';

/** One colour per result, on the phone's buttons and on the record's tags. */
export const resultColors: Record<ItemResult, string> = { pass: '#389e0d', fail: '#cf1322', na: '#8c8c8c' };
