import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { conflict, notFound } from "../../../platform/errors";
import { findSeatPool, setSeatCapacity } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import type { CohortView, MaterialView, ProgrammeView, SessionView, TrackView } from "../queries";
import { COHORT_SEAT_KIND } from "../schema";
import { applySeatChanges, syncCohortSpaces } from "./apply";
import {
  audit, checkCohort, checkMaterial, checkSession, checkTrack, lockedProgramme, uuidArray, type Actor, type CohortInput, type MaterialInput, type SessionInput, type TrackInput,
} from "./save-programme";

// Changing and removing what a programme is made of. Edits go through the same checks as creation. Removal never
// loses an application, a certificate or a completion silently: a cohort anyone applied to is refused (409, close
// its application window instead), a track someone chose as their preference likewise; a removed session or
// material takes its progress marks with it in the same transaction (audited with their number), while
// completions already decided stand — a certificate attests the decision made then.

/** A track's new name and description. */
export async function updateTrack(services: Services, actor: Actor, programme: ProgrammeView, track: TrackView, input: TrackInput): Promise<void> {
  const { name, description } = checkTrack(input);
  await services.db.transaction(async (tx) => {
    await lockedProgramme(tx, programme.id);
    await tx.execute(sql`update programme_tracks set name = ${JSON.stringify(name)}::jsonb, description = ${JSON.stringify(description)}::jsonb where id = ${track.id}`);
    await audit(tx, actor, "programme.track_updated", programme, { trackId: track.id });
  });
}

/** Removes a track from the programme and its cohorts; refused (409) while an application names it as its preference. */
export async function removeTrack(services: Services, actor: Actor, programme: ProgrammeView, track: TrackView): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockedProgramme(tx, programme.id);
    const [chosen] = await queryRows<{ id: string }>(tx, sql`select id from programme_applications where track_id = ${track.id} limit 1`);
    if (chosen) throw conflict("programmes.error.track_in_use");
    await tx.execute(sql`update programme_cohorts set track_ids = array_remove(track_ids, ${track.id}::uuid) where programme_id = ${programme.id}`);
    await tx.execute(sql`delete from programme_tracks where id = ${track.id}`);
    await audit(tx, actor, "programme.track_removed", programme, { trackId: track.id });
  });
}

/**
 * A cohort's new name, dates, tracks, application window and capacity. More room is offered to the waitlist at
 * once (seats does that, with the offer mail); less room never takes a place from anyone accepted.
 */
export async function updateCohort(services: Services, actor: Actor, programme: ProgrammeView, cohort: CohortView, input: CohortInput): Promise<void> {
  const checked = await checkCohort(services, programme.id, input);
  const changes = await services.db.transaction(async (tx) => {
    await lockedProgramme(tx, programme.id);
    // A track someone applied with stays on the cohort: their preference must keep pointing at one of its tracks.
    const kept = await queryRows<{ track_id: string }>(tx, sql`select distinct track_id from programme_applications where cohort_id = ${cohort.id} and track_id is not null`);
    const trackIds = [...new Set([...checked.trackIds, ...kept.map((row) => row.track_id)])];
    await tx.execute(sql`update programme_cohorts set name = ${JSON.stringify(checked.name)}::jsonb, starts_on = ${checked.startsOn}, ends_on = ${checked.endsOn}, capacity = ${checked.capacity},
      track_ids = ${uuidArray(trackIds)}::uuid[], applications_open_at = ${checked.opensAt}, applications_close_at = ${checked.closesAt} where id = ${cohort.id}`);
    const pool = await findSeatPool(tx, COHORT_SEAT_KIND, cohort.id);
    const changed = pool && pool.capacity !== checked.capacity ? await setSeatCapacity(tx, pool.id, checked.capacity, services.clock.now()) : [];
    await applySeatChanges(services, tx, changed);
    await audit(tx, actor, "programme.cohort_updated", programme, { cohortId: cohort.id, capacity: checked.capacity });
    return changed;
  });
  await syncCohortSpaces(services, actor, changes);
}

/**
 * Removes a cohort nobody has applied to (with its sessions and seat pool). Once anyone applied, removal is refused
 * (409): the applications, decisions and certificates stay; organisers close the application window instead.
 * A private space made for the cohort is left to the spaces module (it may already hold discussions).
 */
export async function removeCohort(services: Services, actor: Actor, programme: ProgrammeView, cohort: CohortView): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockedProgramme(tx, programme.id);
    const [applied] = await queryRows<{ id: string }>(tx, sql`select id from programme_applications where cohort_id = ${cohort.id} limit 1`);
    if (applied) throw conflict("programmes.error.cohort_has_applications");
    await tx.execute(sql`delete from programme_sessions where cohort_id = ${cohort.id}`);
    await tx.execute(sql`delete from seat_pools where kind = ${COHORT_SEAT_KIND} and owner_id = ${cohort.id} and not exists (select 1 from seat_claims c where c.pool_id = seat_pools.id)`);
    await tx.execute(sql`delete from programme_cohorts where id = ${cohort.id}`);
    await audit(tx, actor, "programme.cohort_removed", programme, { cohortId: cohort.id });
  });
}

/** Deletes the progress marks of one session or material; returns how many went (for the audit). */
async function dropProgress(tx: Database, itemId: string, onlyImported = false): Promise<number> {
  const rows = await queryRows<{ item_id: string }>(tx, sql`delete from programme_progress where item_id = ${itemId} ${onlyImported ? sql`and source = 'event'` : sql``} returning item_id`);
  return rows.length;
}

/**
 * A session's new title, time or event. Moving it to another event drops the marks imported from the old event's
 * check-ins (they attest that event, not this one); marks organisers set by hand stay.
 */
export async function updateSession(services: Services, actor: Actor, programme: ProgrammeView, session: SessionView, input: SessionInput): Promise<void> {
  const checked = await checkSession(services, programme, input);
  await services.db.transaction(async (tx) => {
    const dropped = checked.eventId !== session.eventId ? await dropProgress(tx, session.id, true) : 0;
    await tx.execute(sql`update programme_sessions set title = ${JSON.stringify(checked.title)}::jsonb, starts_at = ${checked.startsAt}, event_id = ${checked.eventId} where id = ${session.id}`);
    await audit(tx, actor, "programme.session_updated", programme, { sessionId: session.id, eventId: checked.eventId, droppedMarks: dropped });
  });
}

/** Removes a session with its attendance marks; completions already decided stand (see the module's README). */
export async function removeSession(services: Services, actor: Actor, programme: ProgrammeView, session: SessionView): Promise<void> {
  await services.db.transaction(async (tx) => {
    const dropped = await dropProgress(tx, session.id);
    const [removed] = await queryRows<{ id: string }>(tx, sql`delete from programme_sessions where id = ${session.id} returning id`);
    if (!removed) throw notFound();
    await audit(tx, actor, "programme.session_removed", programme, { sessionId: session.id, cohortId: session.cohortId, droppedMarks: dropped });
  });
}

/** A material's new title and source. */
export async function updateMaterial(services: Services, actor: Actor, programme: ProgrammeView, material: MaterialView, input: MaterialInput): Promise<void> {
  const checked = await checkMaterial(services, programme, input);
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update programme_materials set title = ${JSON.stringify(checked.title)}::jsonb, url = ${checked.url}, document_id = ${checked.documentId}, document_slug = ${checked.documentSlug} where id = ${material.id}`);
    await audit(tx, actor, "programme.material_updated", programme, { materialId: material.id });
  });
}

/** Removes a material with its "done" marks. */
export async function removeMaterial(services: Services, actor: Actor, programme: ProgrammeView, material: MaterialView): Promise<void> {
  await services.db.transaction(async (tx) => {
    const dropped = await dropProgress(tx, material.id);
    const [removed] = await queryRows<{ id: string }>(tx, sql`delete from programme_materials where id = ${material.id} returning id`);
    if (!removed) throw notFound();
    await audit(tx, actor, "programme.material_removed", programme, { materialId: material.id, droppedMarks: dropped });
  });
}
