import { computed, effect, signal } from '@preact/signals-core';
import { detectLang, translatePage, translator } from '../i18n/i18n';
import { REPORT_STRINGS } from '../i18n/report-strings';
import { mountAutoPanel } from './auto-panel';
import { createAutoMode } from './auto-mode';
import { required } from './element';
import { createFormat } from './format';
import { createNetworkBadge } from './network-badge';
import { createOutbox } from './outbox';
import { allRecords, onOutboxChange, saveRecords, type OutboxRecord } from './outbox-store';
import { mountOutboxPanel } from './outbox-panel';
import { mountPendingBadge } from './pending-badge';
import { reportFromFix, type ReportExtras } from './report-from-fix';
import { newReportId } from './report-id';
import { createReporterSession } from './reporter-session';
import { fixProblemText, mountSendPanel } from './send-panel';
import { registerServiceWorker } from './service-worker';
import { createSignInView } from './sign-in-view';
import { mountSignOut } from './sign-out';
import { takeFix, type Fix } from './take-fix';
import { createWakeLock } from './wake-lock';
import { createWhoView } from './who-view';

/** The reporter page: sign in, take fixes, keep them on the device, send them when the network allows. */
function main(): void {
  const lang = detectLang();
  const t = translator(REPORT_STRINGS, lang);
  const format = createFormat(lang, t);
  document.documentElement.lang = lang;
  document.title = t('title');
  translatePage(document, t);
  registerServiceWorker();

  const session = createReporterSession(
    t,
    () => signInView,
    () => autoPanel.stop(),
  );
  const { reporter } = session;
  const signInView = createSignInView(required<HTMLFormElement>(document, '#sign-in'), t, session.adopt);
  const who = createWhoView(required(document, '.who'), session.choose);
  const outbox = createOutbox({
    sender: () => (reporter.value ? { token: reporter.value.token, reporterId: reporter.value.me.id } : null),
    onUnauthorized: () => session.signOut(t('sign-in.token-refused')),
  });

  /** Every record on the phone, read again after each write (in this tab or another). */
  const records = signal<OutboxRecord[]>([]);
  const refresh = async () => {
    records.value = await allRecords();
  };
  onOutboxChange(() => void refresh());

  /**
   * Queues one report: written on the device first, with an id made now, then the outbox sends
   * it once its hold (the undo window) is over. Resolves with its id once `records` has it.
   */
  async function queue(fix: Fix, extras: ReportExtras, holdMs: number): Promise<string> {
    const current = reporter.value;
    if (!current) throw new Error('signed out');
    const id = newReportId();
    const queuedAt = Date.now();
    await saveRecords([
      {
        id,
        caravanId: current.caravanId,
        reporterId: current.me.id,
        reporterName: current.me.name,
        report: reportFromFix(id, fix, extras),
        fixAt: fix.timestamp,
        state: 'queued',
        queuedAt,
        ...(holdMs > 0 ? { holdUntil: queuedAt + holdMs } : {}),
      },
    ]);
    await refresh();
    outbox.nudge();
    return id;
  }

  const autoProblem = signal('');
  const auto = createAutoMode(async () => {
    try {
      const fix = await takeFix();
      await queue(fix, {}, 0);
      autoProblem.value = '';
    } catch (error) {
      autoProblem.value = fixProblemText(error, t);
    }
  });
  const autoPanel = mountAutoPanel(required(document, '.auto'), {
    t,
    format,
    auto,
    wakeLock: createWakeLock(),
    problem: autoProblem,
  });
  const reporterId = computed(() => reporter.value?.me.id ?? null);
  mountSendPanel(required(document, '.send'), {
    t,
    format,
    queue,
    records,
    refresh,
    status: outbox.status,
    reporterId,
    release: () => outbox.nudge(),
    tryNow: () => outbox.networkBack(),
  });
  mountPendingBadge(required(document, '[data-field="pending"]'), { t, format, records });
  const account = required(document, '[data-part="account"]');
  mountSignOut(account, required<HTMLDialogElement>(document, '[data-part="sign-out"]'), {
    t,
    format,
    records,
    reporter,
    signOut: () => {
      session.signOut();
      required<HTMLInputElement>(document, '#token').focus();
    },
  });
  mountOutboxPanel(required(document, '[data-part="outbox"]'), { t, format, outbox, reporter });
  createNetworkBadge(required(document, '[data-field="network"]'), t);

  const reporterPart = required(document, '#reporter');
  effect(() => {
    const current = reporter.value;
    reporterPart.hidden = !current;
    account.hidden = !current;
    if (!current) return;
    who.render(current.me, current.caravanId);
    outbox.nudge();
  });

  window.addEventListener('online', () => {
    session.resume();
    outbox.networkBack();
  });
  // A phone taken out of the pocket often has coverage again before any 'online' event.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') outbox.nudge();
  });
  void refresh();
  session.start();
}

main();
