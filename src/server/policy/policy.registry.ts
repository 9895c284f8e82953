import fs from 'node:fs';
import path from 'node:path';
import { rememberCategoryLabels } from '../../domain/hazard.js';
import type { PackFiles } from '../../domain/policy/pack-resolve.js';
import { resolvePacks } from '../../domain/policy/pack-resolve.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { installRoot } from '../install-root.js';

/**
 * The policy packs on disk (policies/national and policies/districts/*), read and validated
 * once at start. A bad pack stops the start with every problem listed (file, path, message):
 * a district must never run on half its rules.
 */
export type PolicyRegistry = {
  dir: string;
  packs: ReadonlyMap<string, ResolvedPack>;
  /** The pack for a district code: its own when one names it, else the national default. */
  forDistrictCode(code: string): ResolvedPack;
};

export const defaultPolicyDir = path.join(installRoot, 'policies');

function readFolder(folder: string): PackFiles {
  const files: PackFiles = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'README.md') continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else files[rel] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
    }
  };
  walk(folder, '');
  return files;
}

/** Every pack folder: policies/national and each folder under policies/districts. */
export function readPackFolders(dir: string): Record<string, PackFiles> {
  const folders: Record<string, PackFiles> = {};
  const national = path.join(dir, 'national');
  if (fs.existsSync(national)) folders.national = readFolder(national);
  const districts = path.join(dir, 'districts');
  if (fs.existsSync(districts)) {
    for (const entry of fs.readdirSync(districts, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) folders[`districts/${entry.name}`] = readFolder(path.join(districts, entry.name));
    }
  }
  return folders;
}

export function loadPolicyRegistry(dir = defaultPolicyDir): PolicyRegistry {
  if (!fs.existsSync(path.join(dir, 'national', 'pack.yaml'))) throw new Error(`找不到国家默认政策包：${path.join(dir, 'national', 'pack.yaml')}`);
  const { packs, byDistrictCode } = resolvePacks(readPackFolders(dir));
  for (const pack of packs.values()) rememberCategoryLabels(pack.hazardCategories);
  const national = packs.get('national');
  if (!national) throw new Error('国家默认政策包的编号应为 national');
  return {
    dir,
    packs,
    forDistrictCode: (code) => packs.get(byDistrictCode.get(code) ?? 'national') ?? national,
  };
}
