import type { z } from 'zod';
import { AppError } from './errors.js';
import { fieldLabels } from './field-labels.js';

/**
 * A zod failure as our one error: every issue as a detail with its path, and a summary that
 * names the field unless the schema's own (Chinese) message already does.
 */
export function validationError(error: z.ZodError, where = 'body'): AppError {
  const details = error.issues.map((i) => ({ path: i.path.map(String).join('.') || where, message: i.message }));
  const summary = error.issues
    .slice(0, 3)
    .map((i) => {
      const label = fieldLabels[String(i.path[0] ?? '')];
      return label && !i.message.includes(label.slice(0, 2)) ? `${label}：${i.message}` : i.message;
    })
    .join('；');
  return new AppError('VALIDATION_FAILED', `输入有误：${summary}`, details);
}

/** The largest value of a PostgreSQL `integer`: a larger number in a query would be a 500 (22003). */
export const int4Max = 2_147_483_647;
