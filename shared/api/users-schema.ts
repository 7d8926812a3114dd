// POST …/users/send-access-link and GET …/audit: the calls about users that are not an import.
import { z } from 'zod';
import { PATH_ID, PATH_ID_RULE } from './path-id.ts';

export const sendAccessLinkRequestSchema = z.object({
  // Each id becomes a path segment of the user API's URL.
  ids: z
    .array(z.string().regex(PATH_ID, `A user id has ${PATH_ID_RULE}.`))
    .min(1)
    .max(10_000),
});

export const sendAccessLinkAnswerSchema = z.strictObject({
  sent: z.int(),
  failed: z.array(z.strictObject({ id: z.string(), message: z.string() })),
});

export const AUDIT_ACTIONS = [
  'created',
  'updated',
  'deactivated',
  'access-link-sent',
  'import-deleted',
] as const;

export const auditAnswerSchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: z.int(),
      at: z.string(),
      tenant: z.string(),
      actor: z.string().describe('A fingerprint of the token, never the token'),
      jobId: z.string().nullable(),
      userId: z.string().nullable(),
      action: z.enum(AUDIT_ACTIONS),
      changes: z
        .array(
          z.strictObject({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() }),
        )
        .describe('from and to are dropped after JOB_RETENTION_DAYS; the field names stay'),
    }),
  ),
});

export type SendAccessLinkAnswer = z.infer<typeof sendAccessLinkAnswerSchema>;
