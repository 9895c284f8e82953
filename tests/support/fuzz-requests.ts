import fc from 'fast-check';
import { type JsonSchema, nastyStrings, type Pools, valueArb } from './fuzz-values.js';

/**
 * Malformed requests generated from the OpenAPI document the server serves: for each operation,
 * its parameters and body schema give a mostly-valid shape, and every node of it may be swapped
 * for something nasty. Nothing here knows a route by name, so a new route is fuzzed as soon as
 * it appears in the document.
 */

export type Parameter = { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema };

export type Operation = {
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** Content types of the request body and the schema of its JSON form, if any. */
  body?: { json?: JsonSchema; binaryTypes: string[] };
};

export type FuzzRequest = { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer; what: string };

export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      const body = content
        ? { json: content['application/json']?.schema, binaryTypes: Object.keys(content).filter((t) => t !== 'application/json') }
        : undefined;
      ops.push({ operationId: String(op.operationId), method: method.toUpperCase(), path, parameters: (op.parameters as Parameter[]) ?? [], body });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// URLs

/** Percent-encodes text; a lone surrogate (which encodeURIComponent refuses) becomes invalid UTF-8 bytes. */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^%\w.~-]/g, (c) => encodeURIComponent(c));
  }
}

const rawSegments = ['%ff%fe', '%', '%zz', '%00', '..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'a'.repeat(5000), '%c0%ae%c0%ae%2f'];

const asText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v);

function pathValueArb(p: Parameter, pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: valueArb(p.schema, pools, false).map((v) => encode(asText(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...nastyStrings).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...rawSegments) },
  );
}

function queryArb(params: Parameter[], pools: Pools): fc.Arbitrary<string> {
  const pairs = params.map((p) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 4, arbitrary: valueArb(p.schema, pools, true).map((v) => (Array.isArray(v) ? v : [v]).map((x) => `${encode(p.name)}=${encode(asText(x))}`)) },
      { weight: 1, arbitrary: fc.constantFrom(...rawSegments).map((raw) => [`${encode(p.name)}=${raw}`]) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...nastyStrings), { minLength: 2, maxLength: 3 }).map((vs) => vs.map((v) => `${p.name}=${encode(v)}`)) },
    ),
  );
  const unknown = fc.oneof(
    { weight: 5, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom(['x=1'], ['%00=%00'], ['__proto__[a]=1'], ['a[b][c]=d'], ['=']) },
  );
  return fc.tuple(fc.tuple(...pairs), unknown).map(([ps, extra]) => {
    const all = [...ps.flat(), ...extra];
    return all.length ? `?${all.join('&')}` : '';
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies

type Body = { payload?: string | Buffer; contentType?: string; what: string };

const badJson = ['{', '{"a":}', 'nul', '[1,]', '{"a":1}{"b":2}', '\u0000', '"\\ud800"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'];
const wrongTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'image/png',
  'application/json; charset=latin1',
];

function jsonBodyArb(schema: JsonSchema | undefined, pools: Pools): fc.Arbitrary<Body> {
  const json = (fuzzy: boolean) =>
    valueArb(schema, pools, fuzzy).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json', what: 'json' }));
  return fc.oneof(
    { weight: 3, arbitrary: json(false) },
    { weight: 8, arbitrary: json(true) },
    { weight: 1, arbitrary: fc.constantFrom(...badJson).map((payload) => ({ payload, contentType: 'application/json', what: 'bad json' })) },
    { weight: 1, arbitrary: fc.constant({ payload: '', contentType: 'application/json', what: 'empty json' }) },
    { weight: 1, arbitrary: fc.constant({ what: 'no body' }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(json(false), fc.constantFrom(...wrongTypes))
        .map(([b, contentType]) => ({ payload: b.payload, contentType, what: `json sent as ${contentType}` })),
    },
    {
      weight: 1,
      // Invalid UTF-8 inside a JSON string.
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => ({
        payload: Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe, ...bytes.filter((b) => b !== 0x22 && b !== 0x5c)]), Buffer.from('"}')]),
        contentType: 'application/json',
        what: 'invalid utf-8',
      })),
    },
  );
}

function binaryBodyArb(types: string[]): fc.Arbitrary<Body> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...types))
        .map(([b, contentType]) => ({ payload: Buffer.from(b), contentType, what: `random ${contentType}` })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...types).map((contentType) => ({ payload: Buffer.alloc(0), contentType, what: 'empty upload' })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...wrongTypes, 'application/json')
        .map((contentType) => ({ payload: '{"a":1}', contentType, what: `upload as ${contentType}` })),
    },
    { weight: 1, arbitrary: fc.constant({ what: 'no upload' }) },
  );
}

function bodyArb(op: Operation, pools: Pools): fc.Arbitrary<Body> {
  if (op.body?.json) return jsonBodyArb(op.body.json, pools);
  if (op.body?.binaryTypes.length) return binaryBodyArb(op.body.binaryTypes);
  // No body expected: usually none, sometimes one anyway.
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<Body>({ what: 'no body' }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Body>(
        { payload: '{"a":1}', contentType: 'application/json', what: 'unexpected json' },
        { payload: 'x', contentType: 'text/plain', what: 'unexpected text' },
        { payload: '{', contentType: 'application/json', what: 'unexpected bad json' },
      ),
    },
  );
}

// ---------------------------------------------------------------------------------------------

export function requestArb(op: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const path = fc
    .tuple(...pathParams.map((p) => pathValueArb(p, pools)))
    .map((values) => pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, values[i] as string), op.path));
  return fc.tuple(path, queryArb(queryParams, pools), bodyArb(op, pools)).map(([url, query, body]) => ({
    method: op.method,
    url: url + query,
    headers: (body.contentType ? { 'content-type': body.contentType } : {}) as Record<string, string>,
    ...(body.payload !== undefined && { payload: body.payload }),
    what: body.what,
  }));
}

/** Fixed cases every operation gets regardless of the random draw (the framework-level errors). */
export function fixedRequests(op: Operation, pools: Pools): FuzzRequest[] {
  const withParams = (value: (name: string) => string) =>
    op.parameters.filter((p) => p.in === 'path').reduce((u, p) => u.replace(`{${p.name}}`, value(p.name)), op.path);
  // Valid path parameters (a real id where the schema asks for a uuid), so the query and body
  // cases reach the handler.
  const valid = Object.fromEntries(
    op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, encode(asText(fc.sample(valueArb(p.schema, pools, false), { numRuns: 1, seed: 1 })[0]))]),
  );
  const base = withParams((name) => valid[name] as string);
  const out: FuzzRequest[] = [];
  const add = (what: string, url: string, extra: Partial<FuzzRequest> = {}) => out.push({ method: op.method, url, headers: {}, what, ...extra });
  if (op.path.includes('{')) {
    add(
      'bad %-encoding in path',
      withParams(() => '%ff%fe'),
    );
    add(
      '5000-character path parameter',
      withParams(() => 'a'.repeat(5000)),
    );
    add(
      'NUL in path',
      withParams(() => 'a%00b'),
    );
    add(
      'traversal in path',
      withParams(() => '..%2F..%2Fetc%2Fpasswd'),
    );
  }
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    add(`NUL in ${p.name}`, `${base}?${p.name}=%00`);
    add(`lone surrogate in ${p.name}`, `${base}?${p.name}=%ED%A0%80`);
    add(`bad %-encoding in ${p.name}`, `${base}?${p.name}=%ff%fe`);
    add(`out-of-range date in ${p.name}`, `${base}?${p.name}=0000-01-01`);
    add(`huge ${p.name}`, `${base}?${p.name}=${'9'.repeat(400)}`);
    add(`int4 overflow in ${p.name}`, `${base}?${p.name}=2147483648`);
  }
  if (op.method !== 'GET') {
    const json = { 'content-type': 'application/json' };
    add('bad JSON', base, { headers: json, payload: '{"a":' });
    add('empty JSON body', base, { headers: json, payload: '' });
    add('text/plain body', base, { headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    add('body over the limit', base, { headers: json, payload: JSON.stringify({ a: 'x'.repeat(2_100_000) }) });
    add('JSON with NUL', base, { headers: json, payload: '{"title":"a\\u0000b","name":"a\\u0000b","note":"\\u0000"}' });
    add('JSON nested 1000 deep', base, { headers: json, payload: `${'['.repeat(1000)}${']'.repeat(1000)}` });
  }
  return out;
}
