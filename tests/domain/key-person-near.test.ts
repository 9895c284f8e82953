import { describe, expect, it } from 'vitest';
import { keyPersonNearMetres } from '../../src/domain/key-persons.js';
import { surroundingsFileSchema } from '../../src/domain/policy/pack-schema.js';

/** The key-person search radius comes from the pack (surroundings.yaml keyPersonNearM), never below the widest zone. */
describe('keyPersonNearMetres', () => {
  it('takes the pack radius, or the widest zone when that is wider', () => {
    expect(keyPersonNearMetres(1000, [200, 50])).toBe(1000);
    expect(keyPersonNearMetres(800, [200, 50])).toBe(800);
    expect(keyPersonNearMetres(100, [200, 50])).toBe(200);
  });
  it('refuses a radius out of range in the pack', () => {
    expect(surroundingsFileSchema.safeParse({ keyPersonNearM: 1500 }).success).toBe(true);
    expect(surroundingsFileSchema.safeParse({ keyPersonNearM: 10 }).success).toBe(false);
    expect(surroundingsFileSchema.safeParse({ keyPersonNearM: 1.5 }).success).toBe(false);
  });
});
