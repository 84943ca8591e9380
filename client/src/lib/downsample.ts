export interface XY {
  x: number;
  y: number;
}

/**
 * At most `threshold` points that keep a line's shape (Largest-Triangle-Three-Buckets, Steinarsson
 * 2013): first and last kept, then from each bucket the point making the largest triangle with
 * the point kept before it and the next bucket's average. Peaks survive, unlike taking every nth.
 * @example downsample(tenThousandPoints, 300).length // 300
 */
export function downsample<T extends XY>(points: readonly T[], threshold: number): T[] {
  if (threshold >= points.length || threshold < 3) return [...points];
  const kept: T[] = [points[0]!];
  const bucketSize = (points.length - 2) / (threshold - 2);
  let previous = points[0]!;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, points.length);
    let averageX = 0;
    let averageY = 0;
    for (let i = end; i < nextEnd; i++) {
      averageX += points[i]!.x;
      averageY += points[i]!.y;
    }
    const nextCount = Math.max(1, nextEnd - end);
    averageX /= nextCount;
    averageY /= nextCount;
    let best = points[start]!;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const point = points[i]!;
      const area = Math.abs((previous.x - averageX) * (point.y - previous.y) - (previous.x - point.x) * (averageY - previous.y));
      if (area > bestArea) {
        bestArea = area;
        best = point;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(points.at(-1)!);
  return kept;
}
