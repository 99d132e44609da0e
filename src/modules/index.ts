import type { ModuleManifest } from "../platform/module";
import { organisationsModule } from "./organisations/manifest";
import { spacesModule } from "./spaces/manifest";
import { commitmentsModule } from "./commitments/manifest";
import { consultationsModule } from "./consultations/manifest";
import { knowledgeModule } from "./knowledge/manifest";
import { eventsModule } from "./events/manifest";
import { newsModule } from "./news/manifest";
import { newslettersModule } from "./newsletters/manifest";
import { exchangeModule } from "./exchange/manifest";
import { showcasesModule } from "./showcases/manifest";
import { surveysModule } from "./surveys/manifest";
import { reportsModule } from "./reports/manifest";
import { partnershipsModule } from "./partnerships/manifest";
import { followupModule } from "./followup/manifest";
import { memorandumModule } from "./memorandum/manifest";
import { mentoringModule } from "./mentoring/manifest";
import { programmesModule } from "./programmes/manifest";

/** Every feature module, in the order their routes and demo content are set up. */
export const MODULES: ModuleManifest[] = [organisationsModule, spacesModule, commitmentsModule, consultationsModule, knowledgeModule, eventsModule, newsModule, newslettersModule, exchangeModule, showcasesModule, surveysModule, programmesModule, mentoringModule, memorandumModule, partnershipsModule, followupModule, reportsModule];
