import { Alert, Card, Tabs } from 'antd';
import { useOrgUnits } from '../../api/hooks';
import { AssignmentTab } from './AssignmentTab';
import { assignmentKindInfo, assignmentKinds } from './assignmentKinds';

export default function AssignmentsPage() {
  const units = useOrgUnits();
  return (
    <Card title="包校包片">
      {units.error && <Alert type="error" showIcon title={units.error} />}
      <Tabs
        destroyOnHidden
        items={assignmentKinds.map((kind) => ({
          key: kind,
          label: assignmentKindInfo[kind].label,
          children: <AssignmentTab kind={kind} units={units.data ?? []} />,
        }))}
      />
    </Card>
  );
}
