// What other parts of the module (the API, imports) call to make and change commitments.
export type { CommitmentActor, CommitmentRef } from "./actor";
export { createCommitment } from "./create-commitment";
export { updateCommitment } from "./update-commitment";
export { submitCommitment } from "./submit-commitment";
export { withdrawCommitment } from "./withdraw-commitment";
export { updateCommitmentSettings } from "./update-commitment-settings";
