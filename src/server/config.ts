import path from 'node:path';
import { z } from 'zod';

/**
 * The process environment, parsed once. Nothing else in the code base reads `process.env`:
 * every setting a module needs arrives through this typed object.
 */
const booleanFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Load the demo district when the database is new (`npm start` does; `huxiao init` does not). */
  HUXIAO_DEMO: booleanFromEnv.default(true),
  /** Set when the server sits behind HTTPS: cookies get the Secure flag. */
  COOKIE_SECURE: booleanFromEnv.default(false),
  TRUST_PROXY: booleanFromEnv.default(false),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The policy packs folder (policies/national, policies/districts/*); the repository's by default. */
  POLICY_DIR: z.string().optional(),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** PostgreSQL connections of this process (PGlite has one). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * API requests handled at once; the rest wait in arrival order (server/http/admission.ts). By
   * default the pool size + 2 on PostgreSQL and 4 on PGlite: measured with 200 users, more
   * requests in flight only interleave their queries and widen the tail (bench/concurrency.ts).
   */
  MAX_ACTIVE_REQUESTS: z.coerce.number().int().min(1).max(10000).optional(),
  /** The audit chain's HMAC key as hex (≥ 64 characters); otherwise AUDIT_KEY_FILE is used. */
  AUDIT_KEY: z.string().optional(),
  AUDIT_KEY_FILE: z.string().optional(),
  AUDIT_ANCHOR_FILE: z.string().optional(),
  /** Optional map tiles under the dashboard's school map, e.g. https://tiles.example/{z}/{x}/{y}.png; none by default. */
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, '应为含 {z}、{x}、{y} 的 http(s) 地址')
    .optional(),
  /** The address printed in the QR codes (https://huxiao.example.gov.cn); by default the host of the request that makes the page. */
  PUBLIC_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+\/?$/, '应为 http(s)://主机[:端口]，不带路径')
    .optional(),
  /** Public report page (群众反映): submissions per client address per hour (in process). */
  PUBLIC_REPORTS_PER_IP_HOUR: z.coerce.number().int().min(1).max(100000).default(10),
  /** Accepted public reports per school (or per district page without a school) per hour. */
  PUBLIC_REPORTS_PER_SCHOOL_HOUR: z.coerce.number().int().min(1).max(100000).default(20),
  /** Largest photo of a public report, in MB (at most 3 photos). */
  PUBLIC_REPORT_PHOTO_MB: z.coerce.number().int().min(1).max(20).default(5),
  /** A report sent sooner than this after its challenge was issued is refused (scripts fill forms at once). */
  PUBLIC_REPORT_MIN_FILL_SECONDS: z.coerce.number().int().min(0).max(600).default(3),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  loadDemoWhenNew: boolean;
  cookieSecure: boolean;
  trustProxy: boolean;
  sessionTtlMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  maxUploadBytes: number;
  dbPoolSize: number;
  maxActiveRequests: number;
  policyDir: string | undefined;
  /** See server/audit/audit-key.ts and audit-anchors.ts. */
  auditKey: string | undefined;
  auditKeyFile: string;
  auditAnchorFile: string;
  mapTileUrl: string | undefined;
  publicBaseUrl: string | undefined;
  publicReports: { perIpHour: number; perSchoolHour: number; photoBytes: number; minFillMs: number };
};

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (invalid environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    loadDemoWhenNew: e.HUXIAO_DEMO,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    dbPoolSize: e.DB_POOL_SIZE,
    maxActiveRequests: e.MAX_ACTIVE_REQUESTS ?? (e.DATABASE_URL ? e.DB_POOL_SIZE + 2 : 4),
    policyDir: e.POLICY_DIR ? path.resolve(e.POLICY_DIR) : undefined,
    auditKey: e.AUDIT_KEY || undefined,
    auditKeyFile: path.resolve(e.AUDIT_KEY_FILE || path.join(e.DATA_DIR, 'audit.key')),
    auditAnchorFile: path.resolve(e.AUDIT_ANCHOR_FILE || path.join(e.DATA_DIR, 'audit-anchors.log')),
    mapTileUrl: e.MAP_TILE_URL || undefined,
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/$/, '') : undefined,
    publicReports: {
      perIpHour: e.PUBLIC_REPORTS_PER_IP_HOUR,
      perSchoolHour: e.PUBLIC_REPORTS_PER_SCHOOL_HOUR,
      photoBytes: e.PUBLIC_REPORT_PHOTO_MB * 1024 * 1024,
      minFillMs: e.PUBLIC_REPORT_MIN_FILL_SECONDS * 1000,
    },
  };
}
