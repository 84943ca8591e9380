import { LIMITS } from './limits';
import type { Translate } from '../i18n/i18n';
import { required } from './element';
import type { Format } from './format';
import type { ReportExtras } from './report-from-fix';
import { newReportId } from './report-id';
import { FixError, takeFix, type Fix } from './take-fix';

/** A fix waiting for the reporter's go-ahead; its id was made when the fix came. */
export interface PendingFix {
  id: string;
  fix: Fix;
}

/** Beyond this the reporter is warned before sending (the server flags 500 m and more as low accuracy). */
const WEAK_FIX_M = 100;
const MAX_HEADCOUNT = 1_000_000;

/** A geolocation failure in plain words. */
export function fixProblemText(error: unknown, t: Translate): string {
  return error instanceof FixError ? t(`fix.${error.problem}`) : String(error);
}

/**
 * "Send my position": take a fix, show how accurate it is, and queue it when the reporter
 * confirms, with the optional headcount and note.
 */
export function mountSendPanel(
  root: HTMLElement,
  { t, format, queue }: { t: Translate; format: Format; queue: (pending: PendingFix, extras: ReportExtras) => Promise<void> },
) {
  const locate = required<HTMLButtonElement>(root, '[data-action="locate"]');
  const confirm = required(root, '[data-part="confirm"]');
  const accuracy = required(root, '[data-field="fix-accuracy"]');
  const detail = required(root, '[data-field="fix-detail"]');
  const warning = required(root, '[data-field="fix-warning"]');
  const status = required(root, '[data-field="fix-status"]');
  const headcount = required<HTMLInputElement>(root, '#headcount');
  const note = required<HTMLTextAreaElement>(root, '#note');
  const counter = required(root, '[data-field="note-count"]');
  let pending: PendingFix | null = null;

  headcount.max = String(MAX_HEADCOUNT);
  note.maxLength = LIMITS.noteChars;
  const count = () => (counter.textContent = t('send.note-count', { n: note.value.length, max: LIMITS.noteChars }));
  note.addEventListener('input', count);
  count();

  function showPending(next: PendingFix | null): void {
    pending = next;
    confirm.hidden = next === null;
    locate.hidden = next !== null;
    if (!next) return;
    const { coords, timestamp } = next.fix;
    accuracy.textContent = t('send.accuracy', { m: format.metres(coords.accuracy) });
    detail.textContent = t('send.detail', {
      lat: format.degrees(coords.latitude),
      lng: format.degrees(coords.longitude),
      time: format.fixTime(timestamp),
    });
    warning.hidden = coords.accuracy <= WEAK_FIX_M;
    warning.textContent = t('send.weak', { m: format.metres(coords.accuracy) });
  }

  /** The typed extras, or null (with the reason shown) when the headcount is not a count. */
  function extras(): ReportExtras | null {
    const raw = headcount.value.trim();
    const people = Number(raw);
    if (raw !== '' && (!Number.isInteger(people) || people < 0 || people > MAX_HEADCOUNT)) {
      status.textContent = t('send.headcount-invalid', { max: format.number(MAX_HEADCOUNT) });
      headcount.focus();
      return null;
    }
    const text = note.value.trim();
    return { ...(raw === '' ? {} : { headcount: people }), ...(text === '' ? {} : { note: text }) };
  }

  locate.addEventListener('click', async () => {
    locate.disabled = true;
    status.textContent = t('send.locating');
    try {
      const fix = await takeFix();
      status.textContent = '';
      showPending({ id: newReportId(), fix });
    } catch (error) {
      status.textContent = fixProblemText(error, t);
    } finally {
      locate.disabled = false;
    }
  });

  required(root, '[data-action="discard-fix"]').addEventListener('click', () => showPending(null));

  const send = required<HTMLButtonElement>(root, '[data-action="send-fix"]');
  send.addEventListener('click', async () => {
    const chosen = pending;
    const added = extras();
    if (!chosen || !added) return;
    send.disabled = true;
    try {
      await queue(chosen, added);
    } catch (error) {
      status.textContent = t('send.not-saved', { reason: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      send.disabled = false;
    }
    showPending(null);
    // The note belongs to this moment; the headcount estimate usually holds for the next report too.
    note.value = '';
    count();
    status.textContent = t('send.queued', { time: format.clock(Date.now()) });
  });
}
