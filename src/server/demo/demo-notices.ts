import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { chineseDate, defaultNoticeNumberFormat, formatNoticeNumber, type NoticeIssuerKind, noticeCounterName } from '../../domain/notice-number.js';
import type { HazardEventTable, PenaltyDecisionTable, RectificationNoticeTable } from '../db/schema.js';
import { personName, seededRandom } from './demo-data.js';
import type { DemoHazard } from './demo-hazards.js';

/**
 * 整改通知书 and 执法处罚书 for the demo's hazard history, written as issueNotice and recordPenalty
 * would have written them: a supervising level (责任督学, 教管中心, 派出所, 联合督检组) lists 1–3 of a
 * school's hazards it found itself, on the day it found them (a few hours later); the notice's
 * deadline becomes each hazard's deadline (and its plan's), each hazard's timeline gets a
 * `notice_issued` entry, and the number comes from the issuing unit's yearly series in its default
 * format. The school acknowledges within days and replies once all the hazards are closed; recent
 * notices may still wait for 签收, and a notice whose hazards slipped is 逾期未回执. A few police
 * stations record a penalty decision against a school they found hazards at.
 */
export type DemoIssuer = { unitId: string; unitName: string; unitKind: string; userId: string; userName: string };
/**
 * Who issues for a school at a level: an account of the demo (a school replies to it and the
 * issuer is notified), null when the level has no demo account for that school.
 */
export type IssuerOf = (schoolId: string, kind: NoticeIssuerKind) => DemoIssuer | null;
/** The school's police station, with its demo account or, for stations without one, a name only. */
export type StationOf = (schoolId: string) => DemoIssuer | null;

type Hazard = DemoHazard;
type Event = Insertable<HazardEventTable>;

const kindOfSource: Record<string, NoticeIssuerKind | undefined> = { inspector: 'inspector', centre: 'centre', police: 'police', joint: 'joint' };
const HOUR = 3_600_000;

const requirementsFor = (titles: string[]) => `请你校对以下问题立即组织整改：${titles.join('；')}。整改完成后书面回执，逾期未整改的将予以通报。`;

/** The state a hazard was in at an instant, from its timeline. */
function stateAt(events: Event[], at: Date): string {
  let state = 'reported';
  for (const e of events) if ((e.occurred_at as Date) <= at) state = e.to_state as string;
  return state;
}

/** Moves a hazard's deadline to the notice's, where its plan, hand-over and on-time verdict read it. */
function applyDeadline(h: Hazard, events: Event[], deadline: string) {
  if (h.deadline === deadline) return;
  h.deadline = deadline;
  const closedDay = h.closed_at ? shanghaiDay(h.closed_at as Date) : null;
  if (closedDay) h.closed_on_time = closedDay <= deadline;
  for (const e of events) {
    const data = JSON.parse(e.data as string) as Record<string, unknown>;
    if ('deadline' in data) data.deadline = deadline;
    if ('closedOnTime' in data && closedDay) data.closedOnTime = closedDay <= deadline;
    e.data = JSON.stringify(data);
  }
}

export function demoNotices(districtId: string, hazards: Hazard[], events: Event[], who: { issuerOf: IssuerOf; stationOf: StationOf }, now: Date) {
  const rnd = seededRandom(2027);
  const today = shanghaiDay(now);
  const timeline = new Map<string, Event[]>();
  for (const e of events) timeline.set(e.hazard_id, [...(timeline.get(e.hazard_id) ?? []), e]);
  // Groups of one school's planned hazards found by one supervising level on one day, in the ledger's order.
  const groups = new Map<string, Hazard[]>();
  for (const h of hazards) {
    const kind = kindOfSource[h.source as string];
    if (!kind || !h.deadline) continue;
    // One visit's findings: the notice is issued on the day they were found.
    const key = `${h.school_id}:${kind}:${shanghaiDay(h.found_at)}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  type Draft = { id: string; kind: NoticeIssuerKind; issuer: DemoIssuer; schoolId: string; listed: Hazard[]; issuedAt: Date; deadline: string };
  const drafts: Draft[] = [];
  for (const [key, group] of groups) {
    if (rnd.next() > 0.55) continue;
    const [schoolId, kind] = key.split(':') as [string, NoticeIssuerKind, string];
    const issuer = who.issuerOf(schoolId, kind);
    if (!issuer) continue;
    const sorted = [...group].sort((a, b) => a.found_at.getTime() - b.found_at.getTime());
    // Listed together only if the notice's deadline (the earliest) still leaves each hazard two days after it was found.
    const listed: Hazard[] = [];
    for (const h of sorted.slice(0, 3)) {
      const deadline = [...listed, h].map((x) => x.deadline as string).sort()[0] as string;
      if ([...listed, h].every((x) => addDays(shanghaiDay(x.found_at), 2) <= deadline)) listed.push(h);
    }
    const last = listed[listed.length - 1] as Hazard;
    const issuedAt = new Date(last.found_at.getTime() + rnd.int(1, 3) * HOUR);
    const deadline = listed.map((x) => x.deadline as string).sort()[0] as string;
    if (issuedAt > now || shanghaiDay(issuedAt) > deadline) continue;
    drafts.push({ id: randomUUID(), kind, issuer, schoolId, listed, issuedAt, deadline });
  }
  drafts.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());

  const notices: Insertable<RectificationNoticeTable>[] = [];
  const links: { district_id: string; notice_id: string; hazard_id: string }[] = [];
  const counters = new Map<string, number>();
  for (const d of drafts) {
    const issueDay = shanghaiDay(d.issuedAt);
    const year = Number(issueDay.slice(0, 4));
    const counter = noticeCounterName(d.issuer.unitId, year);
    const seq = (counters.get(counter) ?? 0) + 1;
    counters.set(counter, seq);
    const number = formatNoticeNumber(defaultNoticeNumberFormat({ kind: d.issuer.unitKind, name: d.issuer.unitName }), {
      year,
      seq,
      issuer: d.issuer.unitName,
    });
    for (const h of d.listed) {
      const own = timeline.get(h.id) ?? [];
      const state = stateAt(own, d.issuedAt);
      applyDeadline(h, own, d.deadline);
      h.found_by_unit_id = d.issuer.unitId;
      events.push({
        district_id: districtId,
        hazard_id: h.id,
        action: 'notice_issued',
        from_state: state,
        to_state: state,
        actor_id: null,
        actor_name: d.issuer.userName,
        actor_role: roleOfKind[d.kind],
        actor_unit_name: d.issuer.unitName,
        note: `下达整改通知书 ${number}，限${chineseDate(d.deadline)}前整改`,
        data: JSON.stringify({ noticeId: d.id, number }),
        occurred_at: d.issuedAt,
      });
      links.push({ district_id: districtId, notice_id: d.id, hazard_id: h.id });
    }
    notices.push({ district_id: districtId, id: d.id, number, year, seq, ...answer(d, rnd, now, today), ...issuedBy(d) });
  }
  // The seeded draws and the clock decide which notices still wait for 签收; the demo always shows
  // one (the latest issued), whatever the day and hour it is loaded.
  const latest = notices[notices.length - 1];
  if (latest && notices.every((n) => n.acknowledged_at)) {
    Object.assign(latest, {
      acknowledged_at: null,
      acknowledged_by_name: null,
      replied_at: null,
      reply_text: '',
      replied_by_name: null,
      updated_at: (drafts[drafts.length - 1] as Draft).issuedAt,
    });
  }
  const policeGroups = [...groups.entries()].filter(([k]) => k.split(':')[1] === 'police').map(([, g]) => g);
  return { notices, links, counters, ...demoPenalties(districtId, policeGroups, who.stationOf, timeline, events, rnd, now) };
}

const roleOfKind: Record<NoticeIssuerKind, string> = {
  district: 'district_admin',
  inspector: 'responsible_inspector',
  centre: 'centre_officer',
  police: 'police_officer',
  joint: 'joint_inspector',
};

function issuedBy(d: { kind: NoticeIssuerKind; issuer: DemoIssuer; schoolId: string; listed: Hazard[]; issuedAt: Date; deadline: string }) {
  return {
    issuer_unit_id: d.issuer.unitId,
    issuer_user_id: d.issuer.userId,
    issuer_name: d.issuer.userName,
    issuer_kind: d.kind,
    school_id: d.schoolId,
    requirements: requirementsFor(d.listed.map((h) => h.title as string)),
    deadline: d.deadline,
    issued_at: d.issuedAt,
    created_at: d.issuedAt,
  };
}

const SCHOOL_HOURS = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:30:00+08:00`);

/** 签收 within days (recent ones may still wait), 回执 once every listed hazard is closed. */
function answer(d: { listed: Hazard[]; issuedAt: Date }, rnd: ReturnType<typeof seededRandom>, now: Date, today: string) {
  const issueDay = shanghaiDay(d.issuedAt);
  const recent = addDays(issueDay, 21) >= today;
  const allClosed = d.listed.every((h) => h.state === 'closed');
  const waiting = !allClosed && recent && rnd.next() < 0.7;
  const ackAt = new Date(Math.max(d.issuedAt.getTime() + HOUR, SCHOOL_HOURS(addDays(issueDay, rnd.int(0, 2)), 10).getTime()));
  const acknowledged = waiting || ackAt > now ? null : ackAt;
  const lastClosed = allClosed ? d.listed.map((h) => shanghaiDay(h.closed_at as Date)).sort()[d.listed.length - 1] : null;
  const replyAt = lastClosed && acknowledged ? new Date(Math.max(acknowledged.getTime() + HOUR, SCHOOL_HOURS(lastClosed, 17).getTime())) : null;
  const replied = replyAt && replyAt <= now ? replyAt : null;
  const officer = '学校安全干部';
  return {
    acknowledged_at: acknowledged,
    acknowledged_by_name: acknowledged ? officer : null,
    replied_at: replied,
    reply_text: replied ? '所列隐患已按通知书要求整改完毕，经验收合格，特此回执。' : '',
    replied_by_name: replied ? officer : null,
    updated_at: replied ?? acknowledged ?? d.issuedAt,
  };
}

const penaltyContents = [
  '学校未落实门卫值守和出入登记制度，依据《中华人民共和国治安管理处罚法》及《企业事业单位内部治安保卫条例》，对学校予以警告，责令限期改正。',
  '学校安全防范设施缺失、经责令整改逾期未改正，依据《企业事业单位内部治安保卫条例》第十九条，对学校予以警告并责令改正。',
  '学校消防通道被占用、消防设施未保持完好有效，依据《中华人民共和国消防法》第六十条，责令改正并处罚款。',
];

/** A few police stations' 执法处罚书 against schools where they found hazards, decided days after the finding. */
function demoPenalties(
  districtId: string,
  policeGroups: Hazard[][],
  stationOf: StationOf,
  timeline: Map<string, Event[]>,
  events: Event[],
  rnd: ReturnType<typeof seededRandom>,
  now: Date,
) {
  const today = shanghaiDay(now);
  const penalties: Insertable<PenaltyDecisionTable>[] = [];
  const penaltyLinks: { district_id: string; penalty_id: string; hazard_id: string }[] = [];
  const seqOf = new Map<string, number>();
  for (const group of policeGroups) {
    const station = stationOf(group[0]?.school_id as string);
    if (!station || penalties.length >= 5 || rnd.next() > 0.3) continue;
    const listed = group.slice(0, 1) as [Hazard];
    const decidedOn = addDays(shanghaiDay(listed[0].found_at), rnd.int(3, 15));
    if (decidedOn >= today) continue;
    const year = Number(decidedOn.slice(0, 4));
    const seq = (seqOf.get(`${station.unitId}:${year}`) ?? 0) + 1;
    seqOf.set(`${station.unitId}:${year}`, seq);
    const id = randomUUID();
    const number = `${station.unitName.replace('派出所', '')}公（治）行罚决字〔${year}〕${seq}号`;
    const at = SCHOOL_HOURS(decidedOn, 15);
    penalties.push({
      district_id: districtId,
      id,
      number,
      police_unit_id: station.unitId,
      school_id: listed[0].school_id,
      decided_on: decidedOn,
      content: rnd.pick(penaltyContents),
      recorded_by: station.userId,
      recorded_by_name: station.userName,
      created_at: at,
    });
    for (const h of listed) {
      const state = stateAt(timeline.get(h.id) ?? [], at);
      penaltyLinks.push({ district_id: districtId, penalty_id: id, hazard_id: h.id });
      h.found_by_unit_id ??= station.unitId;
      events.push({
        district_id: districtId,
        hazard_id: h.id,
        action: 'penalty_recorded',
        from_state: state,
        to_state: state,
        actor_id: null,
        actor_name: station.userName,
        actor_role: 'police_officer',
        actor_unit_name: station.unitName,
        note: `执法处罚书 ${number}（${decidedOn}）`,
        data: JSON.stringify({ penaltyId: id, number }),
        occurred_at: at,
      });
    }
  }
  return { penalties, penaltyLinks };
}

const NOBODY = '00000000-0000-0000-0000-000000000000'; // a station without a demo account: the officer's name only

/** The resolvers from the demo's units, accounts and assignments (demo.repository findDemoIssuers). */
export function demoIssuers(d: {
  units: { id: string; name: string; kind: string; parent_id: string | null; code: string | null }[];
  users: { id: string; display_name: string; role: string; org_unit_id: string }[];
  assignments: { kind: string; subject_id: string; target_id: string }[];
}): { issuerOf: IssuerOf; stationOf: StationOf } {
  const unit = new Map(d.units.map((u) => [u.id, u]));
  const assigned = (kind: string) => new Map(d.assignments.filter((a) => a.kind === kind).map((a) => [a.target_id, a.subject_id]));
  const inspectorOf = assigned('inspector_school');
  const stationIdOf = assigned('precinct_school');
  const user = new Map(d.users.map((u) => [u.id, u]));
  const accountAt = (unitId: string, role: string) => d.users.find((u) => u.org_unit_id === unitId && u.role === role);
  const district = d.units.find((u) => u.kind === 'district')?.id ?? '';
  const rnd = seededRandom(2028);
  const officerName = new Map<string, string>();
  const as = (unitId: string, account: { id: string; display_name: string } | undefined): DemoIssuer | null => {
    const u = unit.get(unitId);
    return u && account ? { unitId, unitName: u.name, unitKind: u.kind, userId: account.id, userName: account.display_name } : null;
  };
  return {
    issuerOf: (schoolId, kind) => {
      const school = unit.get(schoolId);
      if (!school?.parent_id) return null;
      if (kind === 'inspector') return as(district, user.get(inspectorOf.get(schoolId) ?? ''));
      if (kind === 'centre') return as(school.parent_id, accountAt(school.parent_id, 'centre_officer'));
      const joint = d.users.find((u) => u.role === 'joint_inspector');
      if (kind === 'joint') return joint ? as(joint.org_unit_id, joint) : null;
      const station = stationIdOf.get(schoolId);
      return kind === 'police' && station ? as(station, accountAt(station, 'police_officer')) : null;
    },
    stationOf: (schoolId) => {
      const station = stationIdOf.get(schoolId);
      if (!station) return null;
      const account = accountAt(station, 'police_officer');
      if (!officerName.has(station)) officerName.set(station, `${personName(rnd)}`);
      return as(station, account ?? { id: NOBODY, display_name: officerName.get(station) as string });
    },
  };
}
