import { canWrite } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { getSchool } from '../schools/schools.service.js';
import type { PanelSummary, SchoolFilePanel } from './panel.js';
import { schoolFilePanels } from './school-file.registry.js';

/**
 * 一校一档: the school's profile and one summary per registered panel. getSchool answers 404
 * outside the actor's read scope (another school, another district), so no panel runs for a
 * school the actor may not see; inside, each panel's own service applies the scope again.
 */
export async function getSchoolFile(app: AppContext, actor: Actor, id: string, now = new Date(), panels: readonly SchoolFilePanel[] = schoolFilePanels) {
  const school = await getSchool(app.db, actor, id);
  // One after the other: on PGlite there is one connection, and the panels are small queries.
  const summaries: PanelSummary[] = [];
  for (const p of panels) summaries.push({ key: p.key, title: p.title, ...(await p.summarize(app, actor, school, now)) });
  return { school, canEdit: canWrite(actor.scope, id), panels: summaries };
}
