/** Mean Earth radius (IUGG), in metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * A circle of `radiusM` metres around a point, as a closed polygon ring of `steps` vertices.
 * Spherical: GPS accuracy radii are metres to a few kilometres, where the sphere is off by
 * under 0.5%, far less than the accuracy figure itself.
 * @example geodesicCircle([-92.26, 14.91], 50).coordinates[0].length // 65
 */
export function geodesicCircle(center: [number, number], radiusM: number, steps = 64): GeoJSON.Polygon {
  const [lng, lat] = center;
  const phi1 = toRadians(lat);
  const lambda1 = toRadians(lng);
  const angular = radiusM / EARTH_RADIUS_M;
  const ring: [number, number][] = [];
  for (let step = 0; step < steps; step++) {
    const bearing = (2 * Math.PI * step) / steps;
    const phi2 = Math.asin(Math.sin(phi1) * Math.cos(angular) + Math.cos(phi1) * Math.sin(angular) * Math.cos(bearing));
    const lambda2 =
      lambda1 +
      Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(phi1), Math.cos(angular) - Math.sin(phi1) * Math.sin(phi2));
    ring.push([toDegrees(lambda2), toDegrees(phi2)]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}
