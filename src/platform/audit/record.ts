import type { Database } from "../../db/client";
import { auditLog } from "../schema";

export type AuditEntry = {
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  spaceId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

/** Writes one audit-log row; call it inside the transaction that makes the change it records. */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    spaceId: entry.spaceId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}
