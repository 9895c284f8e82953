import type { DashboardPanel } from '../dashboard.registry.js';
import { backlogOf } from './hazard.panels.js';

/**
 * The schools on their coordinates (school profiles), coloured by open and overdue hazards. Drawn
 * by the web as an ECharts scatter on longitude/latitude: no tile server is needed; a deployment
 * that has one sets MAP_TILE_URL and the web lays the tiles under the points.
 */
export const mapPanel: DashboardPanel = {
  key: 'schoolMap',
  title: '学校分布与隐患',
  load: async (v) => {
    const backlog = new Map((await backlogOf(v)).map((r) => [r.schoolId, r]));
    const points = v.schools.flatMap((s) => {
      if (s.longitude === null || s.latitude === null) return [];
      const b = backlog.get(s.id);
      return [
        { id: s.id, name: s.name, parentName: s.parentName, lng: Number(s.longitude), lat: Number(s.latitude), open: b?.open ?? 0, overdue: b?.overdue ?? 0 },
      ];
    });
    return { tileUrl: v.app.config.mapTileUrl ?? null, withoutPosition: v.schools.length - points.length, points };
  },
};
