import path from 'node:path';
import { z } from 'zod';
import {
  deriveOmbudsman,
  NATIONS,
  type Nation,
  SECTORS,
  type Sector,
  usualJurisdiction,
} from './domain/ombudsman.ts';

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    BASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    NOTIFICATIONS_DRIVER: z.enum(['log', 'notify', 'smtp']).optional(),
    NOTIFY_API_KEY: z.string().optional(),
    NOTIFY_EMAIL_TEMPLATE_ID: z.string().optional(),
    SMTP_URL: z.string().optional(),
    SMTP_FROM: z.string().default('Candour <complaints@localhost>'),
    FIRST_ORG_NAME: z.string().default('Example NHS Trust'),
    FIRST_ORG_SLUG: z.string().default('example-trust'),
    FIRST_ORG_DIVISION: z
      .enum(['england-and-wales', 'scotland', 'northern-ireland'])
      .default('england-and-wales'),
    FIRST_ORG_PRESET: z.enum(['spso', 'nhs-england', 'uk-central-government']).default('nhs-england'),
    // Left out, they follow from the division and preset (usualJurisdiction): england and nhs by default.
    FIRST_ORG_NATION: z.enum(NATIONS).optional(),
    FIRST_ORG_SECTOR: z.enum(SECTORS).optional(),
    FIRST_ADMIN_EMAIL: z.string().email().default('admin@example.org'),
    RATE_LIMIT_MAX: z.coerce.number().int().positive().default(300),
    API_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(1200),
    SIGN_IN_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
    PUBLIC_FORM_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(30),
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET is required in production',
      });
    }
    const first = firstOrganisationJurisdiction(env);
    const derivation = deriveOmbudsman(first.nation, first.sector);
    if (derivation.kind === 'refused') {
      ctx.addIssue({ code: 'custom', path: ['FIRST_ORG_SECTOR'], message: derivation.reason });
    }
    if (env.NODE_ENV === 'production' && !env.BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BASE_URL'], message: 'BASE_URL is required in production' });
    }
    const driver =
      env.NOTIFICATIONS_DRIVER ?? (env.NOTIFY_API_KEY ? 'notify' : env.SMTP_URL ? 'smtp' : 'log');
    if (driver === 'notify' && !env.NOTIFY_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_API_KEY'],
        message: 'NOTIFY_API_KEY is required for the notify driver',
      });
    }
    if (driver === 'smtp' && !env.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message: 'SMTP_URL is required for the smtp driver',
      });
    }
  });

function firstOrganisationJurisdiction(env: {
  FIRST_ORG_DIVISION: string;
  FIRST_ORG_PRESET: string;
  FIRST_ORG_NATION?: Nation | undefined;
  FIRST_ORG_SECTOR?: Sector | undefined;
}): { nation: Nation; sector: Sector } {
  const usual = usualJurisdiction(env.FIRST_ORG_DIVISION, env.FIRST_ORG_PRESET);
  return { nation: env.FIRST_ORG_NATION ?? usual.nation, sector: env.FIRST_ORG_SECTOR ?? usual.sector };
}

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof configSchema>) {
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    baseUrl: (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL ?? null,
    // Outside production a missing secret is generated per process: sessions then end at restart, which is safe.
    sessionSecret: env.SESSION_SECRET ?? null,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY === 'true',
    secureCookies: production,
    notifications: {
      driver: env.NOTIFICATIONS_DRIVER ?? (env.NOTIFY_API_KEY ? 'notify' : env.SMTP_URL ? 'smtp' : 'log'),
      notifyApiKey: env.NOTIFY_API_KEY ?? null,
      notifyEmailTemplateId: env.NOTIFY_EMAIL_TEMPLATE_ID ?? null,
      smtpUrl: env.SMTP_URL ?? null,
      smtpFrom: env.SMTP_FROM,
      intervalMs: env.OUTBOX_INTERVAL_MS,
    },
    firstOrganisation: {
      name: env.FIRST_ORG_NAME,
      slug: env.FIRST_ORG_SLUG,
      division: env.FIRST_ORG_DIVISION,
      preset: env.FIRST_ORG_PRESET,
      ...firstOrganisationJurisdiction(env),
      adminEmail: env.FIRST_ADMIN_EMAIL,
    },
    rateLimits: {
      general: env.RATE_LIMIT_MAX,
      /** Per API token, not per address; a token may carry its own. */
      api: env.API_RATE_LIMIT_MAX,
      signIn: env.SIGN_IN_RATE_LIMIT_MAX,
      publicForm: env.PUBLIC_FORM_RATE_LIMIT_MAX,
    },
  } as const;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}
