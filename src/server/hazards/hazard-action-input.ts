import { hazardActionInputs } from '../../domain/hazard-inputs.js';
import type { HazardAction } from '../../domain/hazard-workflow.js';
import { validationError } from '../../domain/validation.js';

/** Parses an action's body with that action's schema; the route cannot know it in advance. */
export function parseActionInput(action: HazardAction, raw: unknown): unknown {
  const parsed = hazardActionInputs[action].safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error);
}
