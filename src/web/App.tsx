import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth, useCurrentUser } from './auth/AuthContext';
import { Forbidden, NotFound, PageLoading } from './components/PageState';
import { canSee, type NavKey } from './layout/nav';

// One chunk per page: a principal on a phone never downloads the audit or org pages. The signed-in
// frame too: the login page does not wait for the menu, drawer and dropdown code.
const AppLayout = lazy(() => import('./layout/AppLayout').then((m) => ({ default: m.AppLayout })));
const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const HazardsPage = lazy(() => import('./pages/hazards/HazardsPage'));
const HazardNewPage = lazy(() => import('./pages/hazards/HazardNewPage'));
const HazardDetailPage = lazy(() => import('./pages/hazards/HazardDetailPage'));
const NoticesPage = lazy(() => import('./pages/notices/NoticesPage'));
const NoticeDetailPage = lazy(() => import('./pages/notices/NoticeDetailPage'));
const PenaltiesPage = lazy(() => import('./pages/notices/PenaltiesPage'));
const LettersPage = lazy(() => import('./pages/letters/LettersPage'));
const DocumentsPage = lazy(() => import('./pages/letters/DocumentsPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const ReportDraftPage = lazy(() => import('./pages/reports/ReportDraftPage'));
const SanfangPage = lazy(() => import('./pages/sanfang/SanfangPage'));
const SchoolSanfangPage = lazy(() => import('./pages/sanfang/SchoolSanfangPage'));
const GateLogPage = lazy(() => import('./pages/gate-log/GateLogPage'));
const GuardDutyPage = lazy(() => import('./pages/guard-duty/GuardDutyPage'));
const DeviceChecksPage = lazy(() => import('./pages/sanfang/DeviceChecksPage'));
const DeviceAlarmDrillsPage = lazy(() => import('./pages/sanfang/DeviceAlarmDrillsPage'));
const SchoolsPage = lazy(() => import('./pages/schools/SchoolsPage'));
const SchoolDetailPage = lazy(() => import('./pages/schools/SchoolDetailPage'));
const SchoolFilePage = lazy(() => import('./pages/school-file/SchoolFilePage'));
const OrgPage = lazy(() => import('./pages/org/OrgPage'));
const AssignmentsPage = lazy(() => import('./pages/org/AssignmentsPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const InspectionsPage = lazy(() => import('./pages/inspections/InspectionsPage'));
const InspectionNewPage = lazy(() => import('./pages/inspections/InspectionNewPage'));
const InspectionRunPage = lazy(() => import('./pages/inspections/InspectionRunPage'));
const InspectionDetailPage = lazy(() => import('./pages/inspections/InspectionDetailPage'));
const DrillsPage = lazy(() => import('./pages/drills/DrillsPage'));
const DrillFormPage = lazy(() => import('./pages/drills/DrillFormPage'));
const DrillDetailPage = lazy(() => import('./pages/drills/DrillDetailPage'));
const ChecklistsPage = lazy(() => import('./pages/checklists/ChecklistsPage'));
const ChecklistEditPage = lazy(() => import('./pages/checklists/ChecklistEditPage'));
const CoveragePage = lazy(() => import('./pages/coverage/CoveragePage'));
const ObligationsPage = lazy(() => import('./pages/coverage/ObligationsPage'));
const ComplianceCalendarPage = lazy(() => import('./pages/compliance/ComplianceCalendarPage'));
const PolicyPackPage = lazy(() => import('./pages/checklists/PolicyPackPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const EducationPage = lazy(() => import('./pages/education/EducationPage'));
const EducationNewPage = lazy(() => import('./pages/education/EducationNewPage'));
const EducationDetailPage = lazy(() => import('./pages/education/EducationDetailPage'));
const TrainingsPage = lazy(() => import('./pages/education/TrainingsPage'));
const TrainingNewPage = lazy(() => import('./pages/education/TrainingNewPage'));
const TrainingDetailPage = lazy(() => import('./pages/education/TrainingDetailPage'));
const ChangePasswordPage = lazy(() => import('./pages/account/ChangePasswordPage'));
const NotificationSettingsPage = lazy(() => import('./pages/account/NotificationSettingsPage'));
// The dashboard pages carry ECharts (its own chunk): a phone that never opens them never downloads it.
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const StatisticsPage = lazy(() => import('./pages/dashboard/StatisticsPage'));
const BigScreenPage = lazy(() => import('./pages/dashboard/BigScreenPage'));
const PatrolLogsPage = lazy(() => import('./pages/patrol/PatrolLogsPage'));
const PatrolNewPage = lazy(() => import('./pages/patrol/PatrolNewPage'));
const PatrolDetailPage = lazy(() => import('./pages/patrol/PatrolDetailPage'));
const DutyRosterPage = lazy(() => import('./pages/patrol/DutyRosterPage'));
const SurroundingsPage = lazy(() => import('./pages/surroundings/SurroundingsPage'));
const CasesPage = lazy(() => import('./pages/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('./pages/cases/CaseDetailPage'));
const SchoolBusesPage = lazy(() => import('./pages/school-buses/SchoolBusesPage'));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage'));
const CampaignProgressPage = lazy(() => import('./pages/campaigns/CampaignProgressPage'));
const ScreeningsPage = lazy(() => import('./pages/screenings/ScreeningsPage'));
const KeyPersonsPage = lazy(() => import('./pages/key-persons/KeyPersonsPage'));
const AssessmentRoundsPage = lazy(() => import('./pages/assessment/AssessmentPages').then((m) => ({ default: m.AssessmentRoundsPage })));
const AssessmentRoundPage = lazy(() => import('./pages/assessment/AssessmentPages').then((m) => ({ default: m.AssessmentRoundPage })));
const AssessmentUnitPage = lazy(() => import('./pages/assessment/AssessmentPages').then((m) => ({ default: m.AssessmentUnitPage })));
const RubricPage = lazy(() => import('./pages/assessment/AssessmentPages').then((m) => ({ default: m.RubricPage })));
const PublicReportsPage = lazy(() => import('./pages/public-reports/PublicReportsPage'));
const RiskPage = lazy(() => import('./pages/risk/RiskPage'));
const RiskAlertsPage = lazy(() => import('./pages/risk/RiskAlertsPage'));
const RiskAlertPage = lazy(() => import('./pages/risk/RiskAlertPage'));
const RiskAnalyticsPage = lazy(() => import('./pages/risk/RiskAnalyticsPage'));
const SafetyCheckInsPage = lazy(() => import('./pages/safety/SafetyCheckInsPage'));
const OutboundPage = lazy(() => import('./pages/outbound/OutboundPage'));
// The public page behind the QR codes: its own light chunk, no sign-in, no menu.
const PublicReportPage = lazy(() => import('./pages/public-reports/PublicReportPage'));
const PublicReportStatusPage = lazy(() => import('./pages/public-reports/PublicReportStatusPage'));
const BulletinsPage = lazy(() => import('./pages/bulletins/BulletinsPage'));
const BulletinDetailPage = lazy(() => import('./pages/bulletins/BulletinDetailPage'));
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage'));
const MeetingFormPage = lazy(() => import('./pages/meetings/MeetingFormPage'));
const MeetingDetailPage = lazy(() => import('./pages/meetings/MeetingDetailPage'));
const MeetingTasksPage = lazy(() => import('./pages/meetings/MeetingTasksPage'));
const MeetingTaskDetailPage = lazy(() => import('./pages/meetings/MeetingTaskDetailPage'));

export function App() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/report/status" element={<PublicReportStatusPage />} />
        <Route path="/report/:unitId" element={<PublicReportPage />} />
        <Route
          path="/bigscreen"
          element={
            <RequireAuth>
              <Allowed page="bigscreen">
                <BigScreenPage />
              </Allowed>
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="hazards" element={<HazardsPage />} />
          <Route path="hazards/new" element={<HazardNewPage />} />
          <Route path="hazards/:id" element={<HazardDetailPage />} />
          <Route
            path="notices"
            element={
              <Allowed page="notices">
                <NoticesPage />
              </Allowed>
            }
          />
          <Route
            path="penalties"
            element={
              <Allowed page="penalties">
                <PenaltiesPage />
              </Allowed>
            }
          />
          {/* A notice linked from a hazard or a message opens for anyone the server lets read it. */}
          <Route path="notices/:id" element={<NoticeDetailPage />} />
          <Route path="letters" element={<LettersPage />} />
          <Route path="documents" element={<DocumentsPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="reports/draft" element={<ReportDraftPage />} />
          <Route path="sanfang" element={<SanfangPage />} />
          <Route path="sanfang/schools/:id" element={<SchoolSanfangPage />} />
          <Route path="gate-log" element={<GateLogPage />} />
          <Route path="guard-posts" element={<GuardDutyPage />} />
          <Route path="sanfang/device-checks" element={<DeviceChecksPage />} />
          <Route path="sanfang/alarm-drills" element={<DeviceAlarmDrillsPage />} />
          <Route path="schools" element={<SchoolsPage />} />
          <Route path="schools/new" element={<SchoolDetailPage />} />
          {/* 一校一档 (read-only) at /schools/:id; the profile form at /schools/:id/edit. */}
          <Route path="schools/:id" element={<SchoolFilePage />} />
          <Route path="schools/:id/edit" element={<SchoolDetailPage />} />
          <Route
            path="org"
            element={
              <Allowed page="org">
                <OrgPage />
              </Allowed>
            }
          />
          <Route
            path="assignments"
            element={
              <Allowed page="assignments">
                <AssignmentsPage />
              </Allowed>
            }
          />
          <Route
            path="users"
            element={
              <Allowed page="users">
                <UsersPage />
              </Allowed>
            }
          />
          <Route
            path="audit"
            element={
              <Allowed page="audit">
                <AuditPage />
              </Allowed>
            }
          />
          {/* Inspections: list, start, the (offline-capable) checklist runner by its client id, and the submitted record. */}
          <Route path="inspections" element={<InspectionsPage />} />
          <Route path="inspections/new" element={<InspectionNewPage />} />
          <Route path="inspections/run/:clientId" element={<InspectionRunPage />} />
          <Route path="inspections/:id" element={<InspectionDetailPage />} />
          {/* Drills (应急演练): list, the phone form (new, or a server draft continued), the record. */}
          <Route path="drills" element={<DrillsPage />} />
          <Route path="drills/new" element={<DrillFormPage />} />
          <Route path="drills/:id/edit" element={<DrillFormPage />} />
          <Route path="drills/:id" element={<DrillDetailPage />} />
          <Route path="patrol-logs" element={<PatrolLogsPage />} />
          <Route path="patrol-logs/new" element={<PatrolNewPage />} />
          <Route path="patrol-logs/:id" element={<PatrolDetailPage />} />
          <Route path="duty-roster" element={<DutyRosterPage />} />
          <Route path="surroundings" element={<SurroundingsPage />} />
          {/* Cases (信访、纠纷、举报、欺凌、线索、扬言报复、事故): every role but staff reads (scoped by the server). */}
          <Route path="cases" element={<CasesPage />} />
          <Route path="cases/:id" element={<CaseDetailPage />} />
          <Route path="school-buses" element={<SchoolBusesPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:id" element={<CampaignProgressPage />} />
          <Route path="screenings" element={<ScreeningsPage />} />
          <Route path="screenings/new" element={<ScreeningsPage />} />
          <Route path="key-persons" element={<KeyPersonsPage />} />
          <Route path="risk" element={<RiskPage />} />
          <Route path="risk/map" element={<RiskPage />} />
          <Route path="risk/alerts" element={<RiskAlertsPage />} />
          <Route path="risk/alerts/:id" element={<RiskAlertPage />} />
          <Route path="risk/analytics" element={<RiskAnalyticsPage />} />
          <Route path="bulletins" element={<BulletinsPage />} />
          <Route path="bulletins/:id" element={<BulletinDetailPage />} />
          <Route
            path="meetings"
            element={
              <Allowed page="meetings">
                <MeetingsPage />
              </Allowed>
            }
          />
          <Route
            path="meetings/new"
            element={
              <Allowed page="meetings">
                <MeetingFormPage />
              </Allowed>
            }
          />
          <Route path="meetings/:id" element={<MeetingDetailPage />} />
          <Route path="meeting-tasks" element={<MeetingTasksPage />} />
          <Route path="meeting-tasks/:id" element={<MeetingTaskDetailPage />} />
          <Route
            path="public-reports"
            element={
              <Allowed page="publicReports">
                <PublicReportsPage />
              </Allowed>
            }
          />
          <Route
            path="safety-check-ins"
            element={
              <Allowed page="safety">
                <SafetyCheckInsPage />
              </Allowed>
            }
          />
          <Route
            path="outbound"
            element={
              <Allowed page="outbound">
                <OutboundPage />
              </Allowed>
            }
          />
          <Route path="assessment" element={<AssessmentRoundsPage />} />
          <Route path="assessment/rounds/:id" element={<AssessmentRoundPage />} />
          <Route path="assessment/rounds/:id/units/:unitId" element={<AssessmentUnitPage />} />
          <Route path="assessment/rubrics/:code/:version" element={<RubricPage />} />
          <Route path="obligations" element={<ObligationsPage />} />
          <Route path="compliance-calendar" element={<ComplianceCalendarPage />} />
          {/* Safety education and staff training: every role reads (scoped by the server); schools record. */}
          <Route path="education" element={<EducationPage />} />
          <Route path="education/new" element={<EducationNewPage />} />
          <Route path="education/:id" element={<EducationDetailPage />} />
          <Route path="trainings" element={<TrainingsPage />} />
          <Route path="trainings/new" element={<TrainingNewPage />} />
          <Route path="trainings/:id" element={<TrainingDetailPage />} />
          <Route
            path="coverage"
            element={
              <Allowed page="coverage">
                <CoveragePage />
              </Allowed>
            }
          />
          <Route path="checklists" element={<ChecklistsPage />} />
          <Route
            path="checklists/:code/edit"
            element={
              <Allowed page="policy">
                <ChecklistEditPage />
              </Allowed>
            }
          />
          <Route path="policy" element={<PolicyPackPage />} />
          <Route
            path="plans"
            element={
              <Allowed page="plans">
                <PlansPage />
              </Allowed>
            }
          />
          <Route
            path="dashboard"
            element={
              <Allowed page="dashboard">
                <DashboardPage />
              </Allowed>
            }
          />
          <Route
            path="statistics"
            element={
              <Allowed page="statistics">
                <StatisticsPage />
              </Allowed>
            }
          />
          <Route path="account/password" element={<ChangePasswordPage />} />
          <Route path="account/notifications" element={<NotificationSettingsPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageLoading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // An initial or reset password must be replaced before anything else.
  if (user.mustChangePassword && location.pathname !== '/account/password') {
    return <Navigate to="/account/password" replace />;
  }
  return children;
}

function Allowed({ page, children }: { page: NavKey; children: ReactNode }) {
  const user = useCurrentUser();
  return canSee(user.role, page) ? children : <Forbidden />;
}
