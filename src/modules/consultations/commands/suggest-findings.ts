import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { glossaryFor } from "../../knowledge/glossary/extension";
import { recordAudit } from "../../../platform/audit/record";
import { forbidden } from "../../../platform/errors";
import { jobs, type JobStatus } from "../../../platform/schema";
import type { Services } from "../../../platform/services";
import { clusterSignature, DEFAULT_CLUSTERING, suggestClusters, type ClusteringOptions } from "../clustering";
import { canFacilitateAny, type ConsultationViewer } from "../permissions";
import { consultationFindingItems, consultationFindings } from "../schema";

export type FindingsSubject = { consultationId: string; spaceId: string; access: ConsultationViewer };
export type FindingsTarget = { consultationId: string; spaceId: string };

/** The job that runs the clustering off the request path (seconds for thousands of contributions). */
export const FINDINGS_JOB = "consultations.suggest_findings";

/** The latest search for recurring findings of a consultation, as its page shows the progress. */
export type FindingsRun = { status: JobStatus; createdAt: Date; finishedAt: Date | null };

const ofConsultation = (consultationId: string) => and(eq(jobs.kind, FINDINGS_JOB), sql`${jobs.payload}->>'consultationId' = ${consultationId}`);

/**
 * A facilitator asks for new suggestions: a job is queued, unless one for this consultation is already queued
 * or running — then that one is the answer (two facilitators clicking together, or one clicking twice, start
 * one search); the queue's lock makes that hold for requests that arrive together.
 */
export async function requestFindings(services: Services, actorId: string, subject: FindingsSubject): Promise<{ jobId: number; isNew: boolean }> {
  if (!canFacilitateAny(subject.access)) throw forbidden();
  const payload = { consultationId: subject.consultationId, spaceId: subject.spaceId, actorId };
  return services.jobs.enqueueUnlessActive(FINDINGS_JOB, payload, { identity: { consultationId: subject.consultationId }, includeRunning: true, maxAttempts: 2 });
}

/** The consultation's latest search for recurring findings (queued, running, done or failed), or null. */
export async function latestFindingsRun(db: Database, consultationId: string): Promise<FindingsRun | null> {
  const [row] = await db
    .select({ status: jobs.status, createdAt: jobs.createdAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(ofConsultation(consultationId))
    .orderBy(desc(jobs.id))
    .limit(1);
  return row ?? null;
}

/**
 * A new cluster counts as a decided finding again when at least this share of the smaller of the two is shared:
 * the decided finding with one new reply joining it, or a part of it that the new run split off.
 */
const DECIDED_OVERLAP = 0.5;

function overlap(decided: ReadonlySet<string>, cluster: readonly string[]): number {
  const shared = cluster.filter((id) => decided.has(id)).length;
  return shared / Math.min(decided.size, cluster.length);
}

/**
 * Runs the clustering (clustering.ts) and replaces the consultation's undecided suggestions with its result —
 * the work of FINDINGS_JOB (who may ask for it is checked by `requestFindings`, when it is queued).
 * A cluster a facilitator already accepted or rejected is not offered again: neither the same members
 * (consultation_findings.signature) nor a cluster that mostly overlaps a decided one (one new reply joining it, or a part split off).
 */
export async function suggestFindings(
  services: Services,
  actorId: string | null,
  subject: FindingsTarget,
  options: ClusteringOptions = DEFAULT_CLUSTERING,
): Promise<{ suggested: number; skipped: number }> {
  return services.db.transaction(async (tx) => {
    // one run at a time per consultation, so two facilitators clicking together do not insert the same cluster twice
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`consultation-findings:${subject.consultationId}`}))`);
    const now = services.clock.now();
    const clusters = await suggestClusters(tx, subject.consultationId, options, await glossaryFor(tx as Database, subject.spaceId));
    const existing = await tx
      .select({ id: consultationFindings.id, status: consultationFindings.status, signature: consultationFindings.signature })
      .from(consultationFindings)
      .where(eq(consultationFindings.consultationId, subject.consultationId));
    const items = existing.length
      ? await tx.select().from(consultationFindingItems).where(inArray(consultationFindingItems.findingId, existing.map((row) => row.id)))
      : [];
    const decided = existing
      .filter((row) => row.status !== "suggested")
      .map((row) => ({ ...row, members: new Set(items.filter((item) => item.findingId === row.id).map((item) => item.contributionId)) }));
    const undecided = new Map(existing.filter((row) => row.status === "suggested").map((row) => [row.signature, row.id]));
    const keep = new Set<string>();
    let suggested = 0;
    let skipped = 0;
    for (const cluster of clusters) {
      const signature = clusterSignature(cluster.memberIds);
      if (decided.some((finding) => finding.signature === signature || overlap(finding.members, cluster.memberIds) >= DECIDED_OVERLAP)) {
        skipped += 1;
        continue;
      }
      suggested += 1;
      const known = undecided.get(signature);
      if (known) {
        keep.add(known);
        await tx.update(consultationFindings).set({ title: cluster.title, score: cluster.score }).where(eq(consultationFindings.id, known));
        continue;
      }
      const [row] = await tx
        .insert(consultationFindings)
        .values({ consultationId: subject.consultationId, title: cluster.title, summary: "", status: "suggested", signature, score: cluster.score, createdAt: now })
        .returning({ id: consultationFindings.id });
      await tx.insert(consultationFindingItems).values(cluster.memberIds.map((contributionId) => ({ findingId: row!.id, contributionId })));
    }
    const stale = [...undecided.values()].filter((id) => !keep.has(id));
    if (stale.length) await tx.delete(consultationFindings).where(and(eq(consultationFindings.consultationId, subject.consultationId), inArray(consultationFindings.id, stale)));
    await recordAudit(tx, {
      actorUserId: actorId,
      action: "consultation.findings_suggested",
      subjectType: "consultation",
      subjectId: subject.consultationId,
      spaceId: subject.spaceId,
      details: { suggested, skipped, removed: stale.length },
    });
    return { suggested, skipped };
  });
}
