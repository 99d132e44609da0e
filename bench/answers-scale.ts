import type { Database } from "../src/db/client";

export async function generateScaleCorpus(_db: Database, _documents: number): Promise<number> {
  return 0;
}
export function scaleQuestions(count: number): { text: string; language: "en" | "ru" }[] {
  return Array.from({ length: count }, () => ({ text: "observer accreditation", language: "en" as const }));
}
