import { Button, Result, Spin } from 'antd';
import { useNavigate } from 'react-router';

export function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

export function Forbidden() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的角色不能使用此功能。如需开通，请联系区教委安稳科。"
      extra={<Button onClick={() => navigate('/')}>返回首页</Button>}
    />
  );
}

export function NotFound() {
  const navigate = useNavigate();
  return <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate('/')}>返回首页</Button>} />;
}
