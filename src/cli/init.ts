import readline from 'node:readline';
import { Writable } from 'node:stream';
import { passwordSchema } from '../domain/password-policy.js';
import type { Config } from '../server/config.js';
import { openDatabase } from '../server/db/open.js';
import { createDistrictWithAdmin, isDatabaseEmpty } from '../server/setup/setup.service.js';

/**
 * `huxiao init`: a production install. Asks for the district and the administrator's password
 * (never a default); with --password-stdin the password is read from standard input instead.
 */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.split(/\r?\n/)[0] ?? '';
}

function ask(question: string, hidden = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer.trim());
    });
    muted = hidden;
  });
}

export async function runInit(config: Config, args: string[]): Promise<number> {
  const handle = await openDatabase(config);
  try {
    if (!(await isDatabaseEmpty(handle.db))) {
      console.error('数据库中已有数据，init 只能用于新安装。');
      return 1;
    }
    const districtName = flag(args, 'district-name') ?? (await ask('区县教委名称（如：某某区教育委员会）：'));
    const districtCode = flag(args, 'district-code') ?? (await ask('区县代码（字母数字，如 NA）：'));
    const adminUsername = flag(args, 'admin-username') ?? (await ask('管理员用户名：'));
    const adminName = flag(args, 'admin-name') ?? (await ask('管理员姓名：'));
    let password: string;
    if (args.includes('--password-stdin')) password = await readStdin();
    else {
      password = await ask('管理员密码（至少 8 位，含字母和数字）：', true);
      if ((await ask('再次输入密码：', true)) !== password) {
        console.error('两次输入的密码不一致。');
        return 1;
      }
    }
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) {
      console.error(checked.error.issues[0]?.message ?? '密码不符合要求');
      return 1;
    }
    if (
      districtName.length < 2 ||
      !/^[A-Za-z0-9_-]{2,32}$/.test(districtCode) ||
      !/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(adminUsername) ||
      adminName.length < 2
    ) {
      console.error('区县名称、代码、管理员用户名或姓名不符合要求。');
      return 1;
    }
    await createDistrictWithAdmin(handle.db, { districtName, districtCode, adminUsername, adminName, adminPassword: password });
    console.log(`已创建「${districtName}」和管理员 ${adminUsername}。用 HUXIAO_DEMO=false npm start 启动服务。`);
    return 0;
  } finally {
    await handle.close();
  }
}
