import type { Origin } from './pack-schema.js';

/**
 * Where a rule comes from, in the words of the people who read it: 「国家默认规则 2026.1 版 ·
 * 检查义务文件」, not `national@2026.1 · obligations.yaml`. The codes stay in the API for tools.
 */
const NATIONAL = 'national';

const fileNames: Record<string, string> = {
  'pack.yaml': '政策包说明',
  'hazards.yaml': '隐患类别与整改期限',
  'supervision.yaml': '督查层级',
  'obligations.yaml': '检查义务',
  'calendar.yaml': '学期安排',
  'sanfang.yaml': '三防标准',
};

/** 国家默认规则 2026.1 版, or 本区规则 2026.1 版 for a district's own pack. */
export function packLabel(pack: string, version: string): string {
  return `${pack === NATIONAL ? '国家默认规则' : '本区规则'}${version ? ` ${version} 版` : ''}`;
}

/** The file of a pack as a kind of document: 检查表文件, 检查义务文件. */
export function packFileLabel(file: string): string {
  if (file.startsWith('checklists/')) return '检查表文件';
  return `${fileNames[file] ?? '规则'}文件`;
}

/** `national@2026.1` (how overrides and template versions name a pack) in words. */
export function packRefLabel(ref: string): string {
  const at = ref.lastIndexOf('@');
  return at < 0 ? packLabel(ref, '') : packLabel(ref.slice(0, at), ref.slice(at + 1));
}

export function originLabel(origin: Pick<Origin, 'pack' | 'version' | 'file'>): string {
  return `${packLabel(origin.pack, origin.version)} · ${packFileLabel(origin.file)}`;
}
