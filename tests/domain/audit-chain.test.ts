import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainLink, canonicalJson, chainHash, findFirstBreak, GENESIS_HASH } from '../../src/domain/audit-chain.js';

function buildChain(contents: { summary: string; after: unknown }[]): ChainLink[] {
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
    const hash = chainHash(prev, content);
    const link = { ...content, prevHash: prev, hash };
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
    const { prevHash, hash: _h, ...content } = forged;
    chain[0] = { ...forged, hash: chainHash(prevHash, content) };
    expect(findFirstBreak(chain)?.seq).toBe(2);
  });
});
