import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Card, List, Space, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { dutyKindLabels } from '../../../domain/duty';
import { ruleText } from '../../../domain/duty-rule';
import { type Origin, periodKindLabels } from '../../../domain/policy/pack-schema';
import { departmentTypeLabels, roleLabels } from '../../../domain/roles';
import { labelOf } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { LevelTags, RuleOriginTag } from './checklistTags';
import { categoryLabel, type PolicyPack, usePolicyPack } from './checklistTypes';

const mmdd = (d: string) => `${Number(d.slice(0, 2))}月${Number(d.slice(3, 5))}日`;
const sameOrigin = (a: Origin, b: Origin) => a.pack === b.pack && a.version === b.version && a.file === b.file && a.overrides === b.overrides;

function Section({ id, title, children, extra }: { id: string; title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" id={id} title={title} extra={extra} data-testid={`pack-${id}`}>
      {children}
    </Card>
  );
}

/** One rule: what it says, then where it comes from. */
function Rule({ title, origin, children }: { title: ReactNode; origin: Origin | undefined; children?: ReactNode }) {
  return (
    <List.Item style={{ display: 'block', padding: '10px 0' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Text strong>{title}</Typography.Text>
        <RuleOriginTag origin={origin} />
      </div>
      {children && <div style={{ marginTop: 4, fontSize: 13, color: 'rgba(0,0,0,0.65)' }}>{children}</div>}
    </List.Item>
  );
}

function Chain({ pack }: { pack: PolicyPack }) {
  const isMobile = useIsMobile();
  return (
    <div style={{ display: 'flex', flexDirection: isMobile ? 'column' : 'row', gap: 8, alignItems: 'stretch' }} data-testid="pack-chain">
      {pack.chain.map((p, i) => (
        <div key={p.id} style={{ display: 'flex', flexDirection: isMobile ? 'column' : 'row', gap: 8, alignItems: 'center', flex: 1, minWidth: 0 }}>
          {i > 0 && <ArrowRightOutlined style={{ color: '#1f4e8c', transform: isMobile ? 'rotate(90deg)' : undefined }} />}
          <Card size="small" style={{ flex: 1, width: '100%' }} styles={{ body: { padding: 12 } }}>
            <Space size={6} wrap>
              <Typography.Text strong>{p.name}</Typography.Text>
              <Tag color={i === 0 ? 'blue' : 'purple'} style={{ marginInlineEnd: 0 }}>
                {p.version}
              </Tag>
            </Space>
            {p.sources.length > 0 && (
              <ul style={{ margin: '6px 0 0', paddingInlineStart: 18, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
                {p.sources.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      ))}
    </div>
  );
}

function Hazards({ pack }: { pack: PolicyPack }) {
  // Categories grouped by the pack file (and override) that defines them: one tag per group, not per category.
  const groups: { origin: Origin; labels: string[] }[] = [];
  for (const c of pack.hazardCategories) {
    const g = groups.find((x) => sameOrigin(x.origin, c.origin));
    if (g) g.labels.push(c.label);
    else groups.push({ origin: c.origin, labels: [c.label] });
  }
  return (
    <List size="small">
      {groups.map((g) => (
        <Rule key={`${g.origin.pack}${g.origin.file}${g.origin.overrides ?? ''}`} title={`隐患类别（${g.labels.length} 类）`} origin={g.origin}>
          <Space size={[4, 4]} wrap>
            {g.labels.map((l) => (
              <Tag key={l} style={{ marginInlineEnd: 0 }}>
                {l}
              </Tag>
            ))}
          </Space>
        </Rule>
      ))}
      <Rule title={`重点部位（${pack.hazardPlaces.length} 处）`} origin={undefined}>
        <Space size={[4, 4]} wrap>
          {pack.hazardPlaces.map((p) => (
            <Tag key={p} style={{ marginInlineEnd: 0 }}>
              {p}
            </Tag>
          ))}
        </Space>
      </Rule>
    </List>
  );
}

/**
 * Deadlines carry no `overrides`: a district figure replaces the base pack's (which always sets
 * both), so the base is named here.
 */
function overBase(pack: PolicyPack, origin: Origin): Origin {
  const base = pack.chain[0];
  return base && origin.pack && origin.pack !== base.id ? { ...origin, overrides: `${base.id}@${base.version}` } : origin;
}

function Deadlines({ pack }: { pack: PolicyPack }) {
  const d = pack.deadlineDays;
  return (
    <List size="small">
      <Rule title={`一般隐患：${d.general} 天`} origin={overBase(pack, d.origin.general)} />
      <Rule title={`重大隐患：${d.major} 天`} origin={overBase(pack, d.origin.major)} />
    </List>
  );
}

function Levels({ pack }: { pack: PolicyPack }) {
  return (
    <List size="small">
      {pack.levels.map((l) => (
        <Rule
          key={l.code}
          origin={l.origin}
          title={
            <Space size={6} wrap>
              {l.label}
              {l.supervising ? <Tag color="blue">计为督查</Tag> : <Tag>自查</Tag>}
            </Space>
          }
        >
          检查人：{l.roles.map((r) => labelOf(roleLabels, r)).join('、')}
        </Rule>
      ))}
    </List>
  );
}

function DepartmentFunctions({ pack }: { pack: PolicyPack }) {
  const templateName = (code: string) => pack.checklists.find((c) => c.code === code)?.name ?? code;
  if (pack.departmentFunctions.length === 0) return <Typography.Text type="secondary">未规定</Typography.Text>;
  return (
    <List size="small">
      {pack.departmentFunctions.map((f) => (
        <Rule key={f.code} title={f.label} origin={f.origin}>
          <div>部门：{labelOf(departmentTypeLabels, f.departmentType)}</div>
          <div>检查类别：{f.categories.map((c) => categoryLabel(pack, c)).join('、') || '—'}</div>
          <div>检查表：{f.templates.map(templateName).join('、') || '—'}</div>
        </Rule>
      ))}
    </List>
  );
}

function Calendar({ pack }: { pack: PolicyPack }) {
  return (
    <List size="small">
      {pack.calendar.semesters.map((s) => (
        <Rule key={s.code} title={`${s.label}：${mmdd(s.start)}—${mmdd(s.end)}`} origin={pack.calendar.origin} />
      ))}
      <Rule title="每周从周一开始（ISO 周）" origin={pack.calendar.origin} />
    </List>
  );
}

function Obligations({ pack }: { pack: PolicyPack }) {
  const templateName = (code: string) => pack.checklists.find((c) => c.code === code)?.name ?? code;
  return (
    <List size="small">
      {pack.obligations.map((o) => (
        <Rule
          key={o.code}
          origin={o.origin}
          title={
            <Space size={6} wrap>
              {o.label}
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {dutyKindLabels[o.kind]}
              </Tag>
              <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
                {ruleText(o, pack)}
              </Tag>
              {o.subject === 'district' && <Tag style={{ marginInlineEnd: 0 }}>全区</Tag>}
              {o.subject === 'department' && <Tag style={{ marginInlineEnd: 0 }}>部门：{labelOf(departmentTypeLabels, o.departmentType ?? '')}</Tag>}
              {o.subject === 'centre' && <Tag style={{ marginInlineEnd: 0 }}>各教管中心</Tag>}
            </Space>
          }
        >
          {o.description && <div>{o.description}</div>}
          {o.levels.length > 0 && (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', margin: '4px 0' }}>
              <span>计入层级：</span>
              <LevelTags levels={o.levels} pack={pack} />
            </div>
          )}
          {o.templates.length > 0 && <div>检查表：{o.templates.map(templateName).join('、')}</div>}
          {o.graceDays > 0 && <div>周期结束后 {o.graceDays} 天内完成不算逾期</div>}
          {o.source && <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>依据：{o.source}</div>}
        </Rule>
      ))}
    </List>
  );
}

/** 三防 standards (sanfang.yaml): each with its figures, scope, source and origin. */
function Sanfang({ pack }: { pack: PolicyPack }) {
  const figures = (r: PolicyPack['sanfang'][number]): string => {
    switch (r.code) {
      case 'guard_count':
        return [
          r.bands.map((b) => `${b.from}人起${b.guards}名${b.every ? `，每增${b.every}人加${b.add}名` : ''}`).join('；'),
          r.boarding ? `寄宿制至少${r.boarding.minimum}名，每${r.boarding.every}名住校生加${r.boarding.add}名` : '',
          r.extraGate ? `每多一个校门加${r.extraGate.add}名` : '',
        ]
          .filter(Boolean)
          .join('；');
      case 'guard_age':
        return `不超过${r.maxAge}周岁`;
      case 'wall_height':
        return `不低于${r.minMetres}米${r.antiClimb ? '，有防攀爬措施' : ''}`;
      case 'video_retention':
        return `不少于${r.minDays}天`;
      case 'dorm_managers':
        return `至少${r.minimum}名${r.studentsPerManager ? `，每${r.studentsPerManager}名住校生1名` : ''}`;
      case 'safety_officer':
        return `至少${r.minimum}名`;
      case 'camera_places':
        return r.places.map((p) => p.label).join('、');
      case 'equipment':
        return r.items.map((i) => `${i.label}每门${i.perGate}`).join('、');
      default:
        return '';
    }
  };
  return (
    <List size="small">
      {(pack.sanfang ?? []).map((r) => (
        <Rule key={r.code} origin={r.origin} title={r.label}>
          {figures(r) && <div>{figures(r)}</div>}
          {r.description && <div style={{ color: 'rgba(0,0,0,0.65)' }}>{r.description}</div>}
          {r.source && <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>依据：{r.source}</div>}
        </Rule>
      ))}
    </List>
  );
}

function Checklists({ pack }: { pack: PolicyPack }) {
  return (
    <List size="small">
      {pack.checklists.map((c) => (
        <Rule key={c.code} origin={c.origin} title={<Link to={`/checklists?open=${c.code}`}>{c.name}</Link>}>
          <div>
            {c.period ? labelOf(periodKindLabels, c.period) : '不定期'} · {c.itemCount} 项
          </div>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', margin: '4px 0' }}>
            <LevelTags levels={c.levels} pack={pack} />
          </div>
          {c.source && <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>依据：{c.source}</div>}
        </Rule>
      ))}
    </List>
  );
}

export default function PolicyPackPage() {
  const isMobile = useIsMobile();
  const pack = usePolicyPack();
  const p = pack.data;
  return (
    <Card title="政策包" styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      {pack.error && <Alert type="error" showIcon title={pack.error} />}
      {pack.loading && !p && <Spin />}
      {p && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            本区适用的规则：国家默认政策包为基础，区县政策包覆盖或补充。每条规则旁注明它来自哪个政策包的哪个文件；被区县覆盖的，注明“覆盖”原规则。修改政策包文件需由管理员在服务器上更新后重启生效。
          </Typography.Paragraph>
          <Chain pack={p} />
          <Section id="hazards" title="隐患类别与部位">
            <Hazards pack={p} />
          </Section>
          <Section id="deadlines" title="默认整改期限">
            <Deadlines pack={p} />
          </Section>
          <Section id="levels" title="督查层级">
            <Levels pack={p} />
          </Section>
          <Section id="departments" title="按职督查">
            <DepartmentFunctions pack={p} />
          </Section>
          <Section id="calendar" title="学期">
            <Calendar pack={p} />
          </Section>
          <Section id="obligations" title="检查义务">
            <Obligations pack={p} />
          </Section>
          <Section id="sanfang" title="三防标准" extra={<Link to="/sanfang">三防建设</Link>}>
            <Sanfang pack={p} />
          </Section>
          <Section id="checklists" title="检查表" extra={<Link to="/checklists">全部检查表</Link>}>
            <Checklists pack={p} />
          </Section>
        </Space>
      )}
    </Card>
  );
}
