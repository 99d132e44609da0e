// Every table Convene has, for Drizzle. Each module keeps its own tables in modules/<name>/schema.ts.
export * from "../platform/schema";
export * from "../modules/organisations/schema";
export * from "../modules/spaces/schema";
export * from "../modules/commitments/schema";
export * from "../platform/moderation/schema";
export * from "../modules/consultations/schema";
export * from "../modules/knowledge/schema";
export * from "../modules/knowledge/enquiries/schema";
export * from "../modules/knowledge/resources/schema";
export * from "../platform/seats/schema";
export * from "../modules/events/schema";
export * from "../modules/events/registration/schema";
export * from "../platform/signing/schema";
export * from "../modules/newsletters/schema";
export * from "../modules/newsletters/issues/schema";
