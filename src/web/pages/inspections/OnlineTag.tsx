import { CloudOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Tag } from 'antd';

/** 在线 / 离线, from the browser's network state. */
export function OnlineTag({ online }: { online: boolean }) {
  return online ? (
    <Tag color="success" icon={<CloudOutlined />} data-testid="online-state" style={{ marginInlineEnd: 0 }}>
      在线
    </Tag>
  ) : (
    <Tag color="default" icon={<DisconnectOutlined />} data-testid="online-state" style={{ marginInlineEnd: 0 }}>
      离线
    </Tag>
  );
}
