/** Who may do what in platform administration; one line per rule. */
type Actor = { id: string; isPlatformAdmin: boolean } | null;

export const canAdministerPlatform = (actor: Actor): boolean => Boolean(actor?.isPlatformAdmin);
// Nobody changes their own rights: a slip of the finger must not lock the last administrator out.
export const canChangePlatformAdmin = (actor: Actor, targetUserId: string): boolean => canAdministerPlatform(actor) && actor?.id !== targetUserId;
export const canRetryJob = (actor: Actor, job: { status: string }): boolean => canAdministerPlatform(actor) && job.status === "failed";
