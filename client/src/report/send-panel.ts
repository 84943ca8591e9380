import { computed, effect, signal, type ReadonlySignal } from '@preact/signals-core';
import { LIMITS } from './limits';
import type { Translate } from '../i18n/i18n';
import { required } from './element';
import type { Format } from './format';
import { latestState, latestText } from './latest-report';
import type { OutboxStatus } from './outbox';
import { changeHeld, type OutboxRecord } from './outbox-store';
import type { ReportExtras } from './report-from-fix';
import { FixError, takeFix, type Fix } from './take-fix';

/** How long a tapped report waits before it goes: the time to undo it or to start a note. */
export const UNDO_MS = 5_000;
/** While the reporter writes a note the report waits, but not forever: a forgotten note must not keep a position back. */
const NOTE_HOLD_MS = 2 * 60_000;
/** Beyond this the reporter is warned (the server flags 500 m and more as low accuracy). */
const WEAK_FIX_M = 100;
const MAX_HEADCOUNT = 1_000_000;

/** A geolocation failure in plain words. */
export function fixProblemText(error: unknown, t: Translate): string {
  return error instanceof FixError ? t(`fix.${error.problem}`) : String(error);
}

export interface SendPanelOptions {
  t: Translate;
  format: Format;
  /** Saves a report on the phone, held for `holdMs`, and resolves once the page's records include it. */
  queue: (fix: Fix, extras: ReportExtras, holdMs: number) => Promise<string>;
  /** Every record on the phone, kept current by the page. */
  records: ReadonlySignal<OutboxRecord[]>;
  /** Reads the records again (after a change made here). */
  refresh: () => Promise<void>;
  status: ReadonlySignal<OutboxStatus>;
  reporterId: ReadonlySignal<string | null>;
  /** A held report was let go early: send it now. */
  release: () => void;
  tryNow: () => void;
}

/** What the line says instead of a report's state: the page is locating, a problem, or the report was undone. */
type Said = { kind: 'locating' } | { kind: 'problem'; text: string } | { kind: 'undone' };

/**
 * "Send my position" in one tap: the fix is taken and the report saved on the phone at once, held
 * for a few seconds so it can be undone (or given a note); then the outbox sends it. The line
 * under the button follows the latest report: queued, sending, sent with its time, or waiting to
 * try again; the fix's accuracy is announced politely.
 */
export function mountSendPanel(root: HTMLElement, options: SendPanelOptions) {
  const { t, format, records, refresh, status, reporterId } = options;
  const locate = required<HTMLButtonElement>(root, '[data-action="locate"]');
  const statusLine = required(root, '[data-field="report-status"]');
  const whenLine = required(root, '[data-field="report-when"]');
  const undo = required<HTMLButtonElement>(root, '[data-action="undo"]');
  const addNote = required<HTMLButtonElement>(root, '[data-action="add-note"]');
  const tryNow = required<HTMLButtonElement>(root, '[data-action="try-now"]');
  const accuracy = required(root, '[data-field="fix-accuracy"]');
  const detail = required(root, '[data-field="fix-detail"]');
  const warning = required(root, '[data-field="fix-warning"]');
  const headcount = required<HTMLInputElement>(root, '#headcount');
  const note = required<HTMLTextAreaElement>(root, '#note');
  const counter = required(root, '[data-field="note-count"]');
  const attach = required<HTMLButtonElement>(root, '[data-action="attach-note"]');

  const latestId = signal<string | null>(null);
  const said = signal<Said | null>(null);
  /** The reporter chose "Add a note": the latest report waits for it. */
  const noting = signal(false);
  const now = signal(Date.now());
  let ticker: ReturnType<typeof setInterval> | undefined;
  let busy = false;

  /** The report the line is about: the one tapped last, else (after a reload) this reporter's newest. */
  const latest = computed(() => {
    const mine = records.value.filter((record) => record.reporterId === reporterId.value);
    const id = latestId.value;
    if (id !== null) return mine.find((record) => record.id === id) ?? null;
    return mine.reduce<OutboxRecord | null>(
      (newest, record) => (newest && newest.queuedAt > record.queuedAt ? newest : record),
      null,
    );
  });

  headcount.max = String(MAX_HEADCOUNT);
  note.maxLength = LIMITS.noteChars;
  const count = () => (counter.textContent = t('send.note-count', { n: note.value.length, max: LIMITS.noteChars }));
  note.addEventListener('input', count);
  count();

  /** Sets text only when it changes: a live region given the same words again may say them again. */
  const setText = (node: HTMLElement, text: string) => {
    if (node.textContent !== text) node.textContent = text;
  };

  effect(() => {
    const override = said.value;
    const record = latest.value;
    const state = override || !record ? null : latestState(record, status.value, now.value);
    let text = { status: '', when: '' };
    if (override?.kind === 'locating') text.status = t('send.locating');
    else if (override?.kind === 'problem') text.status = override.text;
    else if (override?.kind === 'undone') text.status = t('latest.undone');
    else if (state) text = latestText(state, { t, format, now: now.value, noting: noting.value });
    setText(statusLine, text.status);
    setText(whenLine, text.when);
    statusLine.dataset.state = override?.kind ?? state?.kind ?? '';
    statusLine.dataset.id = override ? '' : (record?.id ?? '');

    const held = state?.kind === 'held';
    const hadFocus = root.querySelector(':focus');
    undo.hidden = !held;
    addNote.hidden = !held || noting.value;
    attach.hidden = !held || !noting.value;
    tryNow.hidden = state?.kind !== 'waiting';
    // A button that goes away while focused would drop focus to the page: the line says what happened instead.
    if (hadFocus instanceof HTMLButtonElement && hadFocus.hidden) statusLine.focus();
    if (!held && noting.value) noting.value = false;

    const counting = text.when !== '';
    if (counting && !ticker) ticker = setInterval(() => (now.value = Date.now()), 1_000);
    if (!counting && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  });

  /** The typed extras, or null (with the reason said) when the headcount is not a count. */
  function extras(): ReportExtras | null {
    const raw = headcount.value.trim();
    const people = Number(raw);
    if (raw !== '' && (!Number.isInteger(people) || people < 0 || people > MAX_HEADCOUNT)) {
      said.value = { kind: 'problem', text: t('send.headcount-invalid', { max: format.number(MAX_HEADCOUNT) }) };
      headcount.focus();
      return null;
    }
    const text = note.value.trim();
    return { ...(raw === '' ? {} : { headcount: people }), ...(text === '' ? {} : { note: text }) };
  }

  /** The note is used: cleared. The headcount estimate usually holds for the next report too. */
  function clearNote(): void {
    note.value = '';
    count();
  }

  function showFix({ coords, timestamp }: Fix): void {
    setText(accuracy, t('send.found', { m: format.metres(coords.accuracy) }));
    detail.textContent = t('send.detail', {
      lat: format.degrees(coords.latitude),
      lng: format.degrees(coords.longitude),
      time: format.fixTime(timestamp),
    });
    warning.hidden = coords.accuracy <= WEAK_FIX_M;
    warning.textContent = t('send.weak', { m: format.metres(coords.accuracy) });
  }

  /** Puts the typed extras on the held report and lets it go; false when it had already gone. */
  async function attachNote(): Promise<boolean> {
    const id = latestId.value;
    const added = extras();
    if (id === null || !added) return false;
    const done = await changeHeld(id, (record) => ({ ...record, report: { ...record.report, ...added }, holdUntil: Date.now() }));
    noting.value = false;
    if (done) clearNote();
    else said.value = { kind: 'problem', text: t('latest.note-too-late') };
    await refresh();
    options.release();
    return done;
  }

  // Focus stays on the button while locating (a disabled button would drop it), so a second tap is ignored instead.
  locate.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    locate.setAttribute('aria-disabled', 'true');
    try {
      if (noting.value) await attachNote();
      const added = extras();
      if (!added) return;
      said.value = { kind: 'locating' };
      setText(accuracy, '');
      let fix: Fix;
      try {
        fix = await takeFix();
      } catch (error) {
        said.value = { kind: 'problem', text: fixProblemText(error, t) };
        return;
      }
      showFix(fix);
      try {
        latestId.value = await options.queue(fix, added, UNDO_MS);
      } catch (error) {
        said.value = {
          kind: 'problem',
          text: t('send.not-saved', { reason: error instanceof Error ? error.message : String(error) }),
        };
        return;
      }
      clearNote();
      now.value = Date.now();
      said.value = null;
      undo.focus();
    } finally {
      busy = false;
      locate.removeAttribute('aria-disabled');
    }
  });

  undo.addEventListener('click', async () => {
    const id = latestId.value ?? latest.value?.id;
    if (!id) return;
    const done = await changeHeld(id, () => null);
    noting.value = false;
    await refresh();
    if (done) {
      said.value = { kind: 'undone' };
      setText(accuracy, '');
      detail.textContent = '';
      warning.hidden = true;
    }
    // Undone, or too late (the line then says it is on its way): either way the line is where to look.
    statusLine.focus();
  });

  addNote.addEventListener('click', async () => {
    const id = latestId.value ?? latest.value?.id;
    if (!id) return;
    latestId.value = id;
    const held = await changeHeld(id, (record) => ({ ...record, holdUntil: Date.now() + NOTE_HOLD_MS }));
    await refresh();
    if (held) {
      noting.value = true;
      note.focus();
    } else statusLine.focus();
  });

  attach.addEventListener('click', async () => {
    await attachNote();
    statusLine.focus();
  });

  tryNow.addEventListener('click', () => options.tryNow());

  // A reporter who pockets the phone mid-note: the report goes now, with what was typed.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && noting.value) void attachNote();
  });
}
