/** Which fields of a record changed, for audit events that keep only what changed. */
type Dto = Record<string, unknown>;
const ignoredInDiff = new Set(['updatedAt', 'parentName', 'orgUnitName', 'roleLabel']);

export const changedKeys = (a: Dto, b: Dto): string[] => Object.keys(b).filter((k) => !ignoredInDiff.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));

export const pick = (o: Dto, keys: string[]): Dto => Object.fromEntries(keys.map((k) => [k, o[k]]));
