import type { Role } from './roles.js';

/**
 * 一岗双责 responsibility letters (安全工作责任书) and the school's safety documents (制度、应急预案、
 * 应急处置流程图). Pure rules shared by the server and the web.
 */

/** The principal's letter is the link of the chain above the school: signed with the supervising unit. */
export const CHAIN_POST = 'principal';

/** How a letter can be signed through the API; 'paper' (signed and filed on paper, no scan) only comes from imported history. */
export const letterMethods = ['screen', 'scan'] as const;
export type LetterMethod = (typeof letterMethods)[number] | 'paper';
export const letterMethodLabels: Record<LetterMethod, string> = { screen: '手机签名', scan: '签字扫描件', paper: '纸质签订存档' };

/** Which unit signs a post's letter with its holder: the school, or for the principal the school's supervising unit. */
export const partyUnitOf = (postCode: string, school: { id: string; parentId: string | null }, districtUnitId: string): string =>
  postCode === CHAIN_POST ? (school.parentId ?? districtUnitId) : school.id;

/** Share of the year's post holders who have signed, in whole percent (0 when the school has named nobody). */
export const signedShare = (signed: number, holders: number): number => (holders > 0 ? Math.round((signed / holders) * 100) : 0);

export const documentReviewStates = ['pending', 'approved', 'returned'] as const;
export type DocumentReviewState = (typeof documentReviewStates)[number];
export const documentReviewStateLabels: Record<DocumentReviewState, string> = { pending: '待审核', approved: '审核通过', returned: '退回修改' };

/**
 * Who reviews a school's documents (公安机关审核安全预案, seed 003): the police station for the schools
 * of its precinct, the centre for its schools, the district commission for all; within read scope.
 */
const reviewerRoles: ReadonlySet<Role> = new Set(['police_officer', 'centre_officer', 'district_admin']);
export const canReviewDocuments = (role: Role): boolean => reviewerRoles.has(role);

/** A document's periodic revision: the latest version older than this many days is due for review. */
export const DOCUMENT_REVISION_DAYS = 365;

/**
 * Who signs a letter for 甲方: for the school's posts the party is the school, so its principal; for
 * the principal's letter the supervising unit, so an officer of that centre/township or the
 * district commission's admin.
 */
export function canSignAsParty(actor: { role: Role; orgUnitId: string }, letter: { partyUnitId: string; schoolId: string }): boolean {
  if (letter.partyUnitId === letter.schoolId) return actor.role === 'principal' && actor.orgUnitId === letter.schoolId;
  return actor.role === 'district_admin' || (actor.role === 'centre_officer' && actor.orgUnitId === letter.partyUnitId);
}
