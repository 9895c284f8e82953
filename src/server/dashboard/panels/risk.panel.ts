import { riskColourLabels, riskColours } from '../../../domain/risk.js';
import { countActiveByColour } from '../../risk/risk-points.service.js';
import type { DashboardPanel } from '../dashboard.registry.js';

/**
 * 四色风险: the active risk points of the view's schools by colour (countActiveByColour, the map's
 * counts summed); each figure links to the register with that colour.
 */
export const riskPanel: DashboardPanel = {
  key: 'risk',
  title: '风险分级管控（四色）',
  load: async (v) => {
    const c = await countActiveByColour(
      v.app,
      v.actor,
      v.schools.map((s) => s.id),
    );
    const school = v.level === 'school' && v.unit ? `&schoolId=${v.unit.id}` : '';
    return {
      link: '/risk/map',
      figures: riskColours.map((k) => ({ label: `${riskColourLabels[k]}色风险点`, value: c[k], link: `/risk?status=active&colour=${k}${school}` })),
    };
  },
};
