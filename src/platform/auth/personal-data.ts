import type { Database } from "../../db/client";

/**
 * How a module takes part in "export my data" and "delete my account": it adds its own section to
 * the export and removes what must not outlive the account (memberships), keeping content that
 * others replied to, which is then shown under "deleted user".
 */
export type PersonalDataContributor = {
  section: string;
  exportFor(db: Database, userId: string): Promise<unknown>;
  onAccountDeleted?(db: Database, userId: string): Promise<void>;
};

const contributors: PersonalDataContributor[] = [];

export function registerPersonalData(contributor: PersonalDataContributor): void {
  if (!contributors.some((existing) => existing.section === contributor.section)) contributors.push(contributor);
}

export function personalDataContributors(): readonly PersonalDataContributor[] {
  return contributors;
}
