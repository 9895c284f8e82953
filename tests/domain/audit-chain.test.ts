import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainLink, canonicalJson, chainHash, GENESIS_HASH, keyedChainHash, findFirstBreak as walk, walkChain } from '../../src/domain/audit-chain.js';

const KEY = Buffer.alloc(32, 7);
const findFirstBreak = (links: ChainLink[]) => walk(links, { key: KEY, legacyUntil: 0 });

function buildChain(contents: { summary: string; after: unknown }[], legacy = 0): ChainLink[] {
  let prev = GENESIS_HASH;
  return contents.map((c, i) => {
    const content = {
      districtId: 'd1',
      seq: i + 1,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorId: null,
      actorName: '系统',
      actorRole: 'system',
      action: 'test',
      entityType: 't',
      entityId: String(i),
      orgUnitId: null,
      summary: c.summary,
      before: null,
      after: c.after,
      ip: '',
    };
    const version = i < legacy ? 1 : 2;
    const hash = version === 1 ? chainHash(prev, content) : keyedChainHash(KEY, prev, content);
    const link = { ...content, prevHash: prev, hash, version };
    prev = hash;
    return link;
  });
}

const entries = fc.array(fc.record({ summary: fc.string(), after: fc.jsonValue() }), { minLength: 1, maxLength: 20 });

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
  });
});

describe('audit hash chain', () => {
  it('an untouched chain verifies', () => {
    fc.assert(fc.property(entries, (es) => findFirstBreak(buildChain(es)) === null));
  });

  it('altering any one stored link is found at exactly that link', () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.string({ minLength: 1 }), (es, at, extra) => {
        const chain = buildChain(es);
        const i = at % chain.length;
        const link = chain[i] as ChainLink;
        chain[i] = { ...link, summary: `${link.summary}${extra}` };
        expect(findFirstBreak(chain)?.seq).toBe(i + 1);
      }),
    );
  });

  it('removing or swapping links is found', () => {
    fc.assert(
      fc.property(
        entries.filter((e) => e.length >= 2),
        fc.nat(),
        (es, at) => {
          const chain = buildChain(es);
          const i = at % (chain.length - 1);
          const removed = chain.filter((_, j) => j !== i);
          expect(findFirstBreak(removed)).not.toBeNull();
          const swapped = [...chain];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1] as ChainLink, swapped[i] as ChainLink];
          expect(findFirstBreak(swapped)?.seq).toBe(i + 1);
        },
      ),
    );
  });

  it('a re-hashed forgery breaks the next link', () => {
    const chain = buildChain([
      { summary: 'a', after: 1 },
      { summary: 'b', after: 2 },
      { summary: 'c', after: 3 },
    ]);
    const forged = { ...(chain[0] as ChainLink), summary: 'forged' };
    const { prevHash, hash: _h, version: _v, ...content } = forged;
    chain[0] = { ...forged, hash: keyedChainHash(KEY, prevHash, content) };
    expect(findFirstBreak(chain)?.seq).toBe(2);
  });

  it('rewriting a row and recomputing every later link with plain SHA-256 is found at that row', () => {
    fc.assert(
      fc.property(entries, fc.nat(), (es, at) => {
        const chain = buildChain(es);
        const i = at % chain.length;
        let prev = i === 0 ? GENESIS_HASH : (chain[i - 1] as ChainLink).hash;
        for (let j = i; j < chain.length; j++) {
          const { prevHash: _p, hash: _h, version: _v, ...content } = chain[j] as ChainLink;
          const c = j === i ? { ...content, summary: `${content.summary}!` } : content;
          const hash = chainHash(prev, c);
          chain[j] = { ...c, prevHash: prev, hash, version: 1 };
          prev = hash;
        }
        expect(findFirstBreak(chain)?.seq).toBe(i + 1);
      }),
    );
  });

  it('a sealed unkeyed prefix verifies; an unkeyed link after it or after a keyed one does not', () => {
    const chain = buildChain(
      Array.from({ length: 6 }, (_, i) => ({ summary: String(i), after: i })),
      3,
    );
    expect(walkChain(chain, { key: KEY, legacyUntil: 3 }).firstBreak).toBeNull();
    expect(walkChain(chain, { key: KEY, legacyUntil: 2 }).firstBreak?.seq).toBe(3);
    expect(walkChain(chain, { key: Buffer.alloc(32, 8), legacyUntil: 3 }).firstBreak?.seq).toBe(4);
  });
});
