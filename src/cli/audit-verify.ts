import { verifyAuditChains } from '../server/audit/audit.service.js';
import type { Config } from '../server/config.js';
import { openDatabase } from '../server/db/open.js';

/** `huxiao audit verify`: exit 0 when every chain holds, 1 with the first broken link otherwise. */
export async function runAuditVerify(config: Config): Promise<number> {
  const handle = await openDatabase(config);
  try {
    const reports = await verifyAuditChains(handle.db);
    if (reports.length === 0) {
      console.log('操作日志为空，无需校验。');
      return 0;
    }
    let ok = true;
    for (const r of reports) {
      if (r.ok) console.log(`区县 ${r.districtId}：${r.events} 条记录，哈希链完整 ✓`);
      else {
        ok = false;
        console.log(`区县 ${r.districtId}：哈希链在第 ${r.firstBreak?.seq} 条断裂：${r.firstBreak?.reason}`);
      }
    }
    return ok ? 0 : 1;
  } finally {
    await handle.close();
  }
}
