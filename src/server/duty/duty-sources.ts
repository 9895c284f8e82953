import type { Kysely } from 'kysely';
import type { TallySplit } from '../../domain/coverage.js';
import type { DutyFact, DutyKind } from '../../domain/duty.js';
import type { Database } from '../db/schema.js';
import type { FactRelation } from './duty-tally.repository.js';

/**
 * The duty engine's registry of record sources: each record module (inspections, drills,
 * education, trainings, letters, documents, patrol logs, rosters; later 三防 checks, 护学岗 …)
 * is listed once in duty.registry.ts. Coverage, obligations and the compliance calendar ask the
 * source of an obligation's kind for its facts; the 抽查核实 mark asks it which school a record
 * belongs to, so scope is checked the same way for every kind.
 */
export type DutySourceQuery = {
  districtId: string;
  /** Inclusive Asia/Shanghai days. */
  from: string;
  to: string;
  /** Subjects (schools, or departments for their duties) to load; null = the whole district. */
  subjectIds: readonly string[] | null;
  /** Only these types (template codes, drill types, topics …) when the obligation names some. */
  types?: readonly string[];
  /** Inspections only: only these supervision levels (the obligation's levels). Other sources ignore it. */
  levels?: readonly string[];
};

/**
 * The tallies an obligation needs (domain/coverage.ts DutyTally): the counting records of each
 * subject in each period, narrowed as the obligation's filter narrows facts (types, occasions, the
 * share taking part) and split by type or audience (tallySplit). from/to span the periods.
 */
export type DutyTallyQuery = DutySourceQuery & {
  periods: readonly { key: string; start: string; end: string }[];
  occasions?: readonly string[];
  minShare?: number;
  split: TallySplit;
};

export type DutySource = {
  kind: DutyKind;
  /** Facts that count: submitted/final records only, never drafts. */
  loadFacts(db: Kysely<Database>, q: DutySourceQuery): Promise<DutyFact[]>;
  /**
   * The same facts as one SQL relation (duty-tally.repository.ts FactRelation: a row per fact,
   * narrowed to the district, days, subjects and types), so a grid or the obligations page tallies
   * them in SQL — a few rows per school and period instead of every record; the obligations of a
   * kind in one statement (tallyRelations). Optional: the service tallies loadFacts' facts with
   * the same domain function when a source has none.
   */
  factRelation?(db: Kysely<Database>, q: DutySourceQuery): FactRelation;
  /** The school (or unit) a record belongs to, for scope checks; undefined when it does not exist in the district. */
  ownerOf(db: Kysely<Database>, districtId: string, recordId: string): Promise<{ unitId: string; label: string } | undefined>;
};
