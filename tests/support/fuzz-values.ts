import fc from 'fast-check';

/**
 * Values for the fuzz suite from a JSON schema (as the OpenAPI document gives it): valid-ish
 * values, with nodes swapped for nasty ones when `fuzzy`.
 */

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

// ---------------------------------------------------------------------------------------------
// Nasty values

const HUGE = 'x'.repeat(20_000);
export const nastyStrings = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00y',
  '\u0001\u000b\u001f\u007f',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd%00.png',
  "'; drop table school; --",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text on purpose
  '${7*7}{{7*7}}',
  '0000-01-01',
  '-000001-01-01',
  '+275760-09-13',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1899-12-31',
  '2101-01-01',
  '2026-02-30',
  '2026-13',
  '0000-00',
  '9999-W99',
  '1e309',
  '-1',
  '2147483648',
  '9223372036854775808',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  '\u202eevil',
  '😀'.repeat(50),
  '中'.repeat(3000),
  HUGE,
];

export const nastyNumbers = [-1, 0, 0.5, -0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 1e-300];

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...nastyNumbers) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [[]], { a: 1 }, [null], ['a\u0000']) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

// ---------------------------------------------------------------------------------------------
// Values from a JSON schema: valid-ish, with nasty nodes mixed in when `fuzzy`

const saneDay = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const saneTime = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());

export type Pools = { ids: string[] };

const badDays = ['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31', '-000001-01-01', '+275760-09-13'];
const badTimes = ['0000-01-01T00:00:00Z', '1899-12-31T23:59:59+08:00', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00Z'];

function stringArb(s: JsonSchema, pools: Pools): fc.Arbitrary<string> {
  if (s.format === 'uuid') return pools.ids.length ? fc.oneof(fc.constantFrom(...pools.ids), fc.uuid()) : fc.uuid();
  if (s.format === 'date') return fc.oneof({ weight: 3, arbitrary: saneDay }, { weight: 1, arbitrary: fc.constantFrom(...badDays) });
  if (s.format === 'date-time') return fc.oneof({ weight: 3, arbitrary: saneTime }, { weight: 1, arbitrary: fc.constantFrom(...badTimes) });
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      // an unsupported pattern: fall through to free text
    }
  }
  const maxLength = Math.min(s.maxLength ?? 40, 80);
  return fc.string({ unit: 'grapheme', minLength: Math.min(s.minLength ?? 0, maxLength), maxLength });
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 100_000);
  const lo = Math.max(min, -1e9);
  const hi = Math.min(max, 1e9);
  const inRange = integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.max(lo, hi)) }) : fc.double({ min: lo, max: Math.max(lo, hi), noNaN: true });
  // Just outside the schema's bounds, and the limits of int4, int8 and doubles.
  const edges = [min - 1, max + 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e10, 1e300, -1e300, 0.5].filter((n) => Number.isFinite(n));
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

export function valueArb(s: JsonSchema | undefined, pools: Pools, fuzzy: boolean, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArb(s ?? {}, pools, fuzzy, depth);
  return fuzzy ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: nastyValue }) : valid;
}

function validArb(s: JsonSchema, pools: Pools, fuzzy: boolean, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueArb(a, pools, fuzzy, depth)));
  if (s.allOf?.length) return valueArb(s.allOf[0], pools, fuzzy, depth);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (depth > 4) return nastyValue;
  switch (type) {
    case 'string':
      return stringArb(s, pools);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueArb(s.items, pools, fuzzy, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object':
      return objectArb(s, pools, fuzzy, depth);
    default:
      return s.properties ? objectArb(s, pools, fuzzy, depth) : nastyValue;
  }
}

function objectArb(s: JsonSchema, pools: Pools, fuzzy: boolean, depth: number): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueArb(v, pools, fuzzy, depth + 1)]));
  const required = (s.required ?? []).filter((k) => k in props);
  if (!fuzzy) return fc.record(model, { requiredKeys: required });
  // Fuzzy: required fields may go missing, unknown fields may appear.
  return fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('unknownField', 'id', 'districtId', '__proto__x', 'a\u0000'), nastyValue, { maxKeys: 2 }) },
      ),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));
}
