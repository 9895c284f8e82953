import { AuditKeyError } from '../server/audit/audit-key.js';
import { parseConfig } from '../server/config.js';
import { DataDirLockedError } from '../server/db/data-lock.js';
import { runAuditVerify } from './audit-verify.js';
import { runBackup, runRestore } from './backup.js';
import { runInit } from './init.js';
import { ensureWebBuilt } from './web-build.js';

const usage = `护校安园 huxiao

用法:
  huxiao start          启动服务（新数据库自动载入演示区县，HUXIAO_DEMO=false 可关闭）
  huxiao init           正式安装：创建区县和管理员账号（交互输入密码，无默认密码）
  huxiao migrate        只执行数据库迁移
  huxiao audit verify   用密钥校验操作日志哈希链和锚点文件，报告第一处断裂
  huxiao backup [文件]  备份内置数据库和上传的文件（需先停止服务；PostgreSQL 时只备份文件并说明 pg_dump 用法）
  huxiao restore 文件   把备份恢复到 DATA_DIR 指定的空目录

环境变量: PORT（默认 3000）、DATA_DIR（默认 ./data）、DATABASE_URL（使用 PostgreSQL）、HUXIAO_DEMO、COOKIE_SECURE、LOG_LEVEL、AUDIT_KEY / AUDIT_KEY_FILE、AUDIT_ANCHOR_FILE`;

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  try {
    const config = parseConfig();
    switch (command) {
      case 'start': {
        ensureWebBuilt();
        const { startServer } = await import('../server/main.js');
        await startServer(config);
        return;
      }
      case 'init':
        process.exitCode = await runInit(
          config,
          [sub, ...rest].filter((a): a is string => a !== undefined),
        );
        return;
      case 'prepare': {
        // Internal: run by `start` in a child process for a new data directory.
        const { prepareDatabase } = await import('../server/main.js');
        const { demoModulesLine } = await import('../server/demo/demo-modules.js');
        const demo = await prepareDatabase(config);
        if (demo)
          console.log(
            `已创建数据库并载入演示数据：${demo.townships} 个街道/教管中心，${demo.schools} 所学校，${demo.users} 个用户，${demo.hazards} 条隐患（${demo.notices} 份整改通知书、${demo.penalties} 份执法处罚书），${demo.inspections ?? 0} 条检查记录。`,
          );
        if (demo?.modules) console.log(demoModulesLine(demo.modules));
        return;
      }
      case 'migrate': {
        const { openDatabase } = await import('../server/db/open.js');
        const h = await openDatabase(config);
        console.log(h.migrated.length ? `已执行迁移：${h.migrated.join(', ')}` : '数据库已是最新结构');
        await h.close();
        return;
      }
      case 'backup':
        process.exitCode = await runBackup(
          config,
          [sub, ...rest].filter((a): a is string => a !== undefined),
        );
        return;
      case 'restore':
        process.exitCode = await runRestore(
          config,
          [sub, ...rest].filter((a): a is string => a !== undefined),
        );
        return;
      case 'audit':
        if (sub === 'verify') {
          process.exitCode = await runAuditVerify(config);
          return;
        }
        break;
      case undefined:
      case 'help':
      case '--help':
        console.log(usage);
        return;
    }
    console.error(`未知命令：${argv.join(' ')}\n\n${usage}`);
    process.exitCode = 2;
  } catch (e) {
    if (e instanceof DataDirLockedError || e instanceof AuditKeyError || (e instanceof Error && e.message.startsWith('配置错误'))) {
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
