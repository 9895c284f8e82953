/** The server's answers (src/server/campaigns/campaigns.service.ts), as the web reads them. */
export type PhaseDuty = { code: string; label: string; kind: string; types: string[]; levels: string[]; min: number; subjects?: 'schools' | 'departments' };
export type CampaignPhaseDef = {
  code: string;
  label: string;
  startsOn: string;
  endsOn: string;
  description: string;
  duties: PhaseDuty[];
  closeHazards: boolean;
};
export type Participants = { schoolTypes: string[]; parentIds: string[]; departmentIds: string[] };
export type CampaignDraft = {
  templateCode?: string;
  name: string;
  kind: 'special' | 'seasonal' | 'cleanup';
  year: number;
  description: string;
  participants: Participants;
  phases: CampaignPhaseDef[];
};
export type CampaignTemplate = { code: string; label: string; kind: string; kindLabel: string; source: string; origin: string; draft: CampaignDraft };
export type Campaign = Omit<CampaignDraft, 'phases'> & {
  id: string;
  kindLabel: string;
  phases: (CampaignPhaseDef & { state: string; stateLabel: string })[];
  currentPhases: string[];
  startsOn: string;
  endsOn: string;
  status: 'open' | 'closed';
  statusLabel: string;
  running: boolean;
  createdByName: string;
  createdAt: string;
  version: number;
  canEdit: boolean;
};
export type CampaignList = { items: Campaign[]; total: number; today: string; canCreate: boolean };

export type SchoolPhaseRow = {
  schoolId: string;
  schoolName: string;
  parentId: string | null;
  parentName: string | null;
  duties: { code: string; count: number; status: 'done' | 'open' | 'missed' | 'upcoming'; statusLabel: string }[];
  hazards: { found: number; closedInTime: number; open: number; status: string } | null;
  done: boolean;
  lagging: boolean;
};
export type PhaseProgress = {
  code: string;
  label: string;
  startsOn: string;
  endsOn: string;
  description: string;
  state: 'upcoming' | 'running' | 'ended';
  stateLabel: string;
  closeHazards: boolean;
  duties: { code: string; label: string; kind: string; kindLabel: string; min: number; done: number; total: number; rate: number | null }[];
  hazards: { found: number; closedInTime: number; open: number } | null;
  schools: number;
  done: number | null;
  rate: number | null;
  units: { unitId: string | null; unitName: string; schools: number; done: number; lagging: number; rate: number | null }[];
  rows: SchoolPhaseRow[];
  laggards: SchoolPhaseRow[];
  departmentDuties: DutyProgress[];
  departments: DepartmentPhaseRow[];
  departmentLaggards: DepartmentPhaseRow[];
};
export type DutyProgress = { code: string; label: string; kind: string; kindLabel: string; min: number; done: number; total: number; rate: number | null };
export type DepartmentPhaseRow = {
  unitId: string;
  unitName: string;
  duties: { code: string; count: number; status: 'done' | 'open' | 'missed' | 'upcoming'; statusLabel: string }[];
  done: boolean;
  lagging: boolean;
};
export type CampaignProgress = {
  campaign: Campaign;
  today: string;
  schoolCount: number;
  departmentCount: number;
  hazards: { found: number; closed: number; open: number };
  inspections: number;
  phases: PhaseProgress[];
};

export const cellColor: Record<string, string> = { done: 'green', open: 'orange', missed: 'red', upcoming: 'default' };
export const stateColor: Record<string, string> = { running: 'processing', ended: 'default', upcoming: 'default' };
