import { apiGet } from '../lib/api';
import type { NewsroomState } from './state';

/** One load per page, however many parts of it ask. */
const loads = new WeakMap<NewsroomState['reporterNames'], Promise<void>>();

/**
 * Fills state.reporterNames from GET /api/v1/reporter-names once, unless it already holds names.
 * Names already there win: they may be newer (an account created in this session).
 */
export function loadReporterNames(state: NewsroomState): Promise<void> {
  const pending = loads.get(state.reporterNames);
  if (pending) return pending;
  if (Object.keys(state.reporterNames.value).length > 0) return Promise.resolve();
  const load = apiGet<{ names: Record<string, string> }>('/api/v1/reporter-names', state.token)
    .then(({ names }) => void (state.reporterNames.value = { ...names, ...state.reporterNames.value }))
    // Without names the pages show account ids: still usable, so a failure is only logged.
    .catch((error: unknown) => console.warn('could not load reporter names', error));
  loads.set(state.reporterNames, load);
  return load;
}

/** A reporter's name, or the account id when the name is unknown. */
export const reporterName = (state: NewsroomState, reporterId: string) => state.reporterNames.value[reporterId] ?? reporterId;
