/**
 * Checks a generated 整改通知书 PDF the way a person would: poppler renders every page to PNG
 * (`pdftoppm -png -r 60`) and extracts its text (`pdftotext`); the PDF must have at least one
 * page and its text must contain the expected strings (whitespace ignored: poppler puts spaces
 * into letter-spaced titles).
 *
 *   tsx scripts/check-notice-pdf.ts file.pdf [expected text …] [--png /tmp/notice]
 *   tsx scripts/check-notice-pdf.ts            (renders a long sample notice and checks it)
 *
 * Missing poppler-utils is an error, never a skip.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderNoticePdf } from '../src/server/notices/notice-pdf.js';

export type PdfCheck = { pages: number; text: string; pngs: string[] };

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`找不到 ${cmd}：检查整改通知书 PDF 需要 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils）`);
  }
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${r.status}）：${r.stderr}`);
  return r.stdout;
}

/** Renders and reads the PDF; throws with a clear message when anything is off. */
export function checkNoticePdf(pdf: Buffer, opts: { expectText: readonly string[]; pngPrefix?: string }): PdfCheck {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('不是 PDF 文件：内容不以 %PDF- 开头');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-pdf-'));
  try {
    const file = path.join(dir, 'notice.pdf');
    fs.writeFileSync(file, pdf);
    run('pdftoppm', ['-png', '-r', '60', file, path.join(dir, 'page')]);
    const pages = fs
      .readdirSync(dir)
      .filter((f) => /^page-\d+\.png$/.test(f))
      .sort();
    if (pages.length < 1) throw new Error('pdftoppm 没有渲染出任何页面');
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    const flat = text.replace(/\s+/g, '');
    const missing = opts.expectText.filter((s) => !flat.includes(s.replace(/\s+/g, '')));
    if (missing.length) throw new Error(`PDF 文字中缺少：${missing.join('、')}\n--- pdftotext ---\n${text}`);
    const pngs = opts.pngPrefix ? pages.map((p, i) => copyTo(path.join(dir, p), `${opts.pngPrefix}-${i + 1}.png`)) : [];
    return { pages: pages.length, text, pngs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function copyTo(from: string, to: string) {
  fs.copyFileSync(from, to);
  return to;
}

/** A notice long enough to need a second page, with the odd characters real data has. */
export function sampleNoticeData() {
  return {
    number: '云教安整〔2026〕第12号',
    schoolName: '云江区龙洲湾街道第一小学',
    issuerUnitName: '云江区教育委员会',
    issuedOn: '2026-11-22',
    deadline: '2026-12-31',
    requirements:
      '一、立即清理消防通道堆放物品，确保疏散通道畅通。\n二、对照《中小学幼儿园安全防范工作规范（试行）》逐项整改，建立隐患整改台账，落实资金、人员、措施、时限、预案“五落实”。\n三、整改完成后附整改前后照片书面回执。',
    hazards: Array.from({ length: 9 }, (_, i) => ({
      code: `YH2026${String(i + 1).padStart(6, '0')}`,
      place: ['教学楼一楼', '食堂', '校门', '围墙'][i % 4] as string,
      title: ['消防通道堆放杂物', '灭火器过期未更换', '一键报警装置未与110联网', '围墙高度不足2.5米'][i % 4] as string,
      description: '现场检查发现该问题，存在较大安全风险，须立即整改；整改前应落实临时管控措施，安排专人值守并设置警示标识（ABC-123/xyz）。',
    })),
  };
}

async function main(argv: string[]) {
  const pngAt = argv.indexOf('--png');
  const pngPrefix = pngAt >= 0 ? argv[pngAt + 1] : undefined;
  const rest = argv.filter((_, i) => pngAt < 0 || (i !== pngAt && i !== pngAt + 1));
  const [file, ...expectText] = rest;
  const sample = sampleNoticeData();
  const pdf = file ? fs.readFileSync(file) : await renderNoticePdf(sample);
  const expected = file ? ['整改通知书', ...expectText] : ['整改通知书', sample.schoolName, sample.number];
  const r = checkNoticePdf(pdf, {
    expectText: expected,
    ...((pngPrefix ?? (!file && '/tmp/notice-sample')) ? { pngPrefix: pngPrefix ?? '/tmp/notice-sample' } : {}),
  });
  console.log(`通过：${r.pages} 页，包含 ${expected.join('、')}${r.pngs.length ? `；页面图片 ${r.pngs.join(' ')}` : ''}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
