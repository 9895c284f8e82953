import { assessmentRoutes } from './assessment/assessment.routes.js';
import { attachmentRoutes } from './attachments/attachments.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { bulletinRoutes } from './bulletins/bulletins.routes.js';
import { campaignRoutes } from './campaigns/campaigns.routes.js';
import { caseRoutes } from './cases/cases.routes.js';
import { briefingRoutes } from './coverage/briefing.routes.js';
import { coverageRoutes } from './coverage/coverage.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { documentRoutes } from './documents/documents.routes.js';
import { drillRoutes } from './drills/drills.routes.js';
import { educationRoutes } from './education/education.routes.js';
import { gateLogRoutes } from './gate-log/gate-log.routes.js';
import { guardDutyRoutes } from './guard-duty/guard-duty.routes.js';
import { hazardUrgeRoutes } from './hazards/hazard-urge.routes.js';
import { hazardRoutes } from './hazards/hazards.routes.js';
import { ledgerRoutes } from './hazards/ledger.routes.js';
import type { RouteDef } from './http/route.js';
import { systemRoutes } from './http/system.routes.js';
import { inspectionRoutes } from './inspections/inspections.routes.js';
import { planRoutes } from './inspections/plans.routes.js';
import { keyPersonRoutes } from './key-persons/key-persons.routes.js';
import { letterRoutes } from './letters/letters.routes.js';
import { meetingRoutes } from './meetings/meetings.routes.js';
import { noticeRoutes } from './notices/notices.routes.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { outboundRoutes } from './outbound/outbound.routes.js';
import { patrolRoutes } from './patrol/patrol.routes.js';
import { policyRoutes } from './policy/policy.routes.js';
import { publicReportRoutes } from './public-reports/public-reports.routes.js';
import { recordCheckRoutes } from './record-checks/record-checks.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { riskRoutes } from './risk/risk.routes.js';
import { safetyRoutes } from './safety/safety.routes.js';
import { buildingsRoutes } from './sanfang/buildings.routes.js';
import { deviceCheckRoutes } from './sanfang/device-checks.routes.js';
import { sanfangRoutes } from './sanfang/sanfang.routes.js';
import { schoolBusRoutes } from './school-bus/school-bus.routes.js';
import { schoolFileRoutes } from './school-file/school-file.routes.js';
import { schoolRoutes } from './schools/schools.routes.js';
import { screeningRoutes } from './screenings/screenings.routes.js';
import { surroundingsRoutes } from './surroundings/surroundings.routes.js';
import { waterRoutes } from './surroundings/water.routes.js';
import { userRoutes } from './users/users.routes.js';
import { workbenchRoutes } from './workbench/workbench.routes.js';

/** Every API route, registered explicitly in one place (no autoloading). */
export function allRoutes(): RouteDef[] {
  const features = [
    ...authRoutes,
    ...orgRoutes,
    ...schoolRoutes,
    ...schoolFileRoutes,
    ...sanfangRoutes,
    ...buildingsRoutes,
    ...gateLogRoutes,
    ...deviceCheckRoutes,
    ...userRoutes,
    ...auditRoutes,
    ...hazardRoutes,
    ...hazardUrgeRoutes,
    ...ledgerRoutes,
    ...noticeRoutes,
    ...letterRoutes,
    ...documentRoutes,
    ...attachmentRoutes,
    ...notificationRoutes,
    ...policyRoutes,
    ...inspectionRoutes,
    ...planRoutes,
    ...coverageRoutes,
    ...briefingRoutes,
    ...workbenchRoutes,
    ...dashboardRoutes,
    ...drillRoutes,
    ...educationRoutes,
    ...patrolRoutes,
    ...recordCheckRoutes,
    ...surroundingsRoutes,
    ...caseRoutes,
    ...waterRoutes,
    ...schoolBusRoutes,
    ...keyPersonRoutes,
    ...guardDutyRoutes,
    ...publicReportRoutes,
    ...riskRoutes,
    ...bulletinRoutes,
    ...meetingRoutes,
    ...safetyRoutes,
    ...outboundRoutes,
    ...campaignRoutes,
    ...reportRoutes,
    ...screeningRoutes,
    ...assessmentRoutes,
  ];
  const all: RouteDef[] = [...systemRoutes(() => all), ...features];
  return all;
}
