import { useEffect, useRef, useState } from 'react';
import { MAP_GRID, mapBounds } from './charts';
import type { SchoolMap } from './dashboardTypes';

/**
 * Map tiles (a deployment's MAP_TILE_URL, `…/{z}/{x}/{y}.png`) laid under the school map: the
 * Web Mercator tiles covering the map's box, each stretched between its corners on the chart's
 * linear longitude/latitude axes (at a district's size the difference from Mercator is small).
 */
const lon2x = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const x2lon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const y2lat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

type Box = { x0: number; x1: number; y0: number; y1: number };
type Rect = { left: number; top: number; width: number; height: number };

/** The dashboard's map: its box from the points, its grid from MAP_GRID. */
export function MapTiles({ url, points, height }: { url: string; points: SchoolMap['points']; height: number }) {
  const box = mapBounds(points);
  return (
    <TileLayer
      url={url}
      box={box}
      rect={(width) => ({
        left: MAP_GRID.left,
        top: MAP_GRID.top,
        width: width - MAP_GRID.left - MAP_GRID.right,
        height: height - MAP_GRID.top - MAP_GRID.bottom,
      })}
    />
  );
}

/** Tiles for any chart drawn on linear longitude/latitude axes: the box shown and where the grid sits for a container width. */
export function TileLayer({ url, box, rect }: { url: string; box: Box; rect: (containerWidth: number) => Rect }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const { x0, x1, y0, y1 } = box;
  const r = rect(width);
  const w = width ? r.width : 0;
  const h = r.height;
  // About four tiles across the box.
  const z = Math.max(1, Math.min(18, Math.floor(Math.log2((4 * 360) / (x1 - x0)))));
  const tiles = [];
  if (w > 0) {
    for (let tx = Math.floor(lon2x(x0, z)); tx <= Math.floor(lon2x(x1, z)); tx++) {
      for (let ty = Math.floor(lat2y(y1, z)); ty <= Math.floor(lat2y(y0, z)); ty++) {
        const left = ((x2lon(tx, z) - x0) / (x1 - x0)) * w;
        const right = ((x2lon(tx + 1, z) - x0) / (x1 - x0)) * w;
        const top = ((y1 - y2lat(ty, z)) / (y1 - y0)) * h;
        const bottom = ((y1 - y2lat(ty + 1, z)) / (y1 - y0)) * h;
        const src = url.replace('{z}', String(z)).replace('{x}', String(tx)).replace('{y}', String(ty));
        tiles.push(<img key={`${tx}/${ty}`} src={src} alt="" style={{ position: 'absolute', left, top, width: right - left, height: bottom - top }} />);
      }
    }
  }
  return (
    <div ref={ref} style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      <div style={{ position: 'absolute', left: r.left, top: r.top, width: w, height: h, overflow: 'hidden', opacity: 0.8 }}>{tiles}</div>
    </div>
  );
}
