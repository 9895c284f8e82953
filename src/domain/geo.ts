// Geodesic distances on the WGS-84 ellipsoid. The zone rules of the surroundings (200 m, 50 m)
// decide at a metre, so planar degrees or a sphere (up to 0.5 % off) are not good enough;
// Karney's algorithm (geographiclib, the reference implementation) is exact to nanometres.
import geodesic from 'geographiclib-geodesic';

const wgs84 = geodesic.Geodesic.WGS84;

export type LatLng = { lat: number; lng: number };

/** The geodesic distance in metres between two points (WGS-84 coordinates in degrees). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  return wgs84.Inverse(a.lat, a.lng, b.lat, b.lng, geodesic.Geodesic.DISTANCE).s12 ?? Number.NaN;
}

const METRES_PER_DEGREE_LAT_MIN = 110_574; // at the equator, the smallest value
/**
 * A box (in degrees) that surely contains every point within `metres` of `p`: used to pick
 * candidate rows in plain SQL before the exact distance is computed here. Generous on purpose
 * (5 % margin) and valid away from the poles, which is where schools are.
 */
export function boundingBox(p: LatLng, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (metres / METRES_PER_DEGREE_LAT_MIN) * 1.05;
  const cos = Math.max(Math.cos(((Math.abs(p.lat) + dLat) * Math.PI) / 180), 0.01);
  const dLng = (metres / (111_320 * cos)) * 1.05;
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}
