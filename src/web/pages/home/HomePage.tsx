import { Alert, Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { type SchoolType, schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Paged, School } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';

type Overview = { total: number; boarding: number; byType: { type: SchoolType; count: number }[] };

/** Counts come from the same list API the 学校 page uses, so they are the user's own scope. */
async function loadOverview(): Promise<Overview> {
  const count = (params: Record<string, string>) => api.get<Paged<School>>('/api/schools', { page: 1, pageSize: 1, ...params }).then((r) => r.total);
  const [total, boarding, ...perType] = await Promise.all([count({}), count({ boarding: 'true' }), ...schoolTypes.map((t) => count({ schoolType: t }))]);
  return {
    total: total ?? 0,
    boarding: boarding ?? 0,
    byType: schoolTypes.map((type, i) => ({ type, count: perType[i] ?? 0 })),
  };
}

export default function HomePage() {
  const user = useCurrentUser();
  const { data, loading, error } = useLoad(loadOverview, user.id);

  const scopeText = user.scope.allSchools ? `全区（${user.districtName}）所有学校` : data ? `${data.total} 所学校` : '…';

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          您好，{user.displayName}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label="角色">{user.roleLabel}</Descriptions.Item>
          <Descriptions.Item label="所在单位">{user.orgUnitName || user.districtName}</Descriptions.Item>
          <Descriptions.Item label="可查看范围">{scopeText}</Descriptions.Item>
          <Descriptions.Item label="权限">{user.scope.canWrite ? '可维护范围内的学校档案' : '只读'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card loading={loading}>
            <Statistic title="学校总数" value={data?.total ?? 0} suffix="所" />
            <Link to="/schools">查看学校列表</Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card loading={loading}>
            <Statistic title="有住校生的学校" value={data?.boarding ?? 0} suffix="所" />
          </Card>
        </Col>
      </Row>
      <Card title="按学校类型" loading={loading}>
        {/* Only types that occur: a school user's one kindergarten needs no row of seven zeros. */}
        {data?.byType.every((t) => t.count === 0) ? (
          <Typography.Text type="secondary">您的范围内暂无学校。</Typography.Text>
        ) : (
          <Row gutter={[16, 16]}>
            {data?.byType
              .filter((t) => t.count > 0)
              .map(({ type, count }) => (
                <Col key={type} xs={12} sm={8} md={6} lg={3}>
                  <Statistic title={schoolTypeLabels[type]} value={count} suffix="所" />
                </Col>
              ))}
          </Row>
        )}
      </Card>
    </div>
  );
}
