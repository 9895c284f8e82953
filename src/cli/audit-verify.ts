import { verifyAuditChains } from '../server/audit/audit.service.js';
import type { Config } from '../server/config.js';
import { openDatabase } from '../server/db/open.js';

/**
 * `huxiao audit verify`: recomputes every chain with the audit key and checks every anchor line;
 * exit 0 when all hold, 1 naming the first broken place otherwise. A missing key stops at open.
 */
export async function runAuditVerify(config: Config): Promise<number> {
  const handle = await openDatabase(config);
  try {
    const result = await verifyAuditChains(handle.db, config);
    let ok = result.badAnchorLines.length === 0;
    if (!ok) console.log(`锚点文件 ${result.anchorFile} 第 ${result.badAnchorLines.join('、')} 行无法解析（被改动）`);
    if (result.districts.length === 0) console.log('操作日志为空，无需校验。');
    for (const r of result.districts) {
      if (r.ok) console.log(`区县 ${r.districtId}：${r.events} 条记录，${r.anchors} 个锚点，哈希链完整 ✓`);
      else {
        ok = false;
        console.log(`区县 ${r.districtId}：哈希链在第 ${r.firstBreak?.seq} 条断裂：${r.firstBreak?.reason}`);
      }
    }
    console.log(`锚点文件：${result.anchorFile}`);
    return ok ? 0 : 1;
  } finally {
    await handle.close();
  }
}
