/**
 * A GPX 1.1 track of `count` points a second apart, walking north-west from Tapachula, about
 * 110 bytes a point: files near the point limit without committing megabytes of fixtures.
 */
export function syntheticTrack(count: number, startMs = Date.UTC(2024, 0, 12, 14)): string {
  const points = Array.from({ length: count }, (_, step) => {
    const lat = (14.9056 + step * 1e-5).toFixed(6);
    const lng = (-92.2633 - step * 1e-5).toFixed(6);
    return `<trkpt lat="${lat}" lon="${lng}"><ele>50.0</ele><time>${new Date(startMs + step * 1_000).toISOString()}</time></trkpt>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Rumbo tests" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>',
    ...points,
    '</trkseg></trk></gpx>',
  ].join('\n');
}
