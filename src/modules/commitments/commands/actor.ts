/** The person acting: a signed-in user (CurrentUser fits), whether by browser session or API token. */
export type CommitmentActor = { id: string; isPlatformAdmin: boolean; isEmailVerified: boolean };

/** Where a command finds its commitment: the space (slug or id) and the commitment's number. */
export type CommitmentRef = { space: string; number: number };
