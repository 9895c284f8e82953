/** The server's answers (src/server/public-reports), as the web reads them. */
export type ReportTarget = { unitId: string; kind: 'school' | 'district'; name: string; districtName: string; schools: { id: string; name: string }[] };
export type Challenge = { token: string; question: string; expiresAt: string };
export type PublicStatus = {
  receipt: string;
  submittedAt: string;
  schoolName: string | null;
  status: 'received' | 'accepted' | 'rectifying' | 'done' | 'rejected';
  statusLabel: string;
  reply: string | null;
  updatedAt: string | null;
};
export type TriageReport = {
  id: string;
  receipt: string;
  school: { id: string; name: string } | null;
  handlingUnit: { id: string; name: string };
  description: string;
  place: string;
  contactName: string;
  contactPhone: string;
  submittedAt: string;
  outcome: 'hazard' | 'merged' | 'rejected' | 'case' | null;
  outcomeLabel: string;
  hazard: { id: string; code: string; state: string } | null;
  case: { id: string; code: string; state: string } | null;
  publicReply: string;
  internalNote: string;
  triagedByName: string | null;
  triagedAt: string | null;
  publicStatus: PublicStatus['status'];
  publicStatusLabel: string;
  photos: { no: number; fileName: string; contentType: string; sizeBytes: number; url: string }[];
};

export const MAX_PHOTOS = 3;

/** A photo as base64 without the data-URL prefix (the server checks the bytes). */
export function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
