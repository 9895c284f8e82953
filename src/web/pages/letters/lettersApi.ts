/** Shapes of the letters and documents endpoints (kept by hand in step with the server). */
export type Post = { code: string; label: string; description: string };

export type LetterHolder = {
  id: string;
  postCode: string;
  postLabel: string;
  name: string;
  userId: string | null;
  chain: boolean;
  letter: null | {
    id: string;
    method: 'screen' | 'scan' | 'paper';
    methodLabel: string;
    signedOn: string;
    signerName: string;
    recordedByName: string;
    attachmentUrl: string | null;
    pdfUrl: string;
    /** 甲方 (the principal, or the supervising unit for the principal's letter). */
    partySignerName: string | null;
    partySignedAt: string | null;
    canPartySign: boolean;
  };
  canSign: boolean;
};

export type SchoolLetters = {
  school: { id: string; name: string };
  supervisingUnit: { id: string; name: string } | null;
  year: number;
  posts: Post[];
  holders: LetterHolder[];
  counts: { holders: number; signed: number; unsigned: number; share: number };
  canManage: boolean;
  accounts: { id: string; name: string }[];
};

export type LetterSummaryRow = {
  schoolId: string;
  schoolName: string;
  holders: number;
  signed: number;
  unsigned: number;
  share: number;
  principalSigned: boolean;
};
export type LetterSummary = {
  year: number;
  items: LetterSummaryRow[];
  total: number;
  counts: { schools: number; complete: number; holders: number; signed: number; unsigned: number; principalSigned: number };
};

export type DocumentVersion = {
  id: string;
  versionNo: number;
  versionDate: string;
  summary: string;
  attachmentUrl: string;
  createdByName: string;
  reviewState: 'pending' | 'approved' | 'returned';
  reviewStateLabel: string;
  reviewerName: string | null;
  reviewerUnitName: string | null;
  reviewedAt: string | null;
  reviewRemarks: string;
};
export type SchoolDocument = {
  id: string;
  schoolId: string;
  schoolName: string;
  typeCode: string;
  typeLabel: string;
  group: 'rules' | 'plan' | 'flowchart';
  title: string;
  latest: DocumentVersion | null;
  versions: DocumentVersion[];
  revisionDue: boolean;
  canReview: boolean;
  canAddVersion: boolean;
};
export type DocumentList = {
  items: SchoolDocument[];
  total: number;
  counts: { total: number; pending: number; approved: number; returned: number; revisionDue: number };
  types: { code: string; label: string; group: 'rules' | 'plan' | 'flowchart' }[];
  canCreate: boolean;
};

export const reviewColors: Record<DocumentVersion['reviewState'], string> = { pending: 'gold', approved: 'green', returned: 'red' };
export const groupLabels: Record<SchoolDocument['group'], string> = { rules: '安全制度', plan: '应急预案', flowchart: '应急处置流程图' };
