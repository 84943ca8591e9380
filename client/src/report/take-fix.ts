/** Why no fix came: each has its own plain-words message for the reporter. */
export type FixProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

export class FixError extends Error {
  constructor(readonly problem: FixProblem) {
    super(`no position: ${problem}`);
  }
}

/** The parts of a GeolocationPosition a report is made of. */
export interface Fix {
  coords: Pick<GeolocationCoordinates, 'latitude' | 'longitude' | 'accuracy' | 'altitude' | 'speed' | 'heading'>;
  timestamp: number;
}

/** A GPS cold start in the open can take most of a minute; a fix older than this call is not wanted. */
const FIX_OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 60_000, maximumAge: 0 };

const PROBLEM_BY_CODE: Record<number, FixProblem> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

/** One fresh, high-accuracy fix, or a FixError saying why there is none. */
export function takeFix(): Promise<Fix> {
  // Browsers refuse geolocation outright on plain http (other than localhost): say so, not "denied".
  if (!isSecureContext) return Promise.reject(new FixError('insecure'));
  if (!('geolocation' in navigator)) return Promise.reject(new FixError('unsupported'));
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(
      resolve,
      (error) => reject(new FixError(PROBLEM_BY_CODE[error.code] ?? 'unavailable')),
      FIX_OPTIONS,
    ),
  );
}
