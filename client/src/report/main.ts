import { effect, signal } from '@preact/signals-core';
import { detectLang, translatePage, translator } from '../i18n/i18n';
import { REPORT_STRINGS } from '../i18n/report-strings';
import { mountAutoPanel } from './auto-panel';
import { createAutoMode } from './auto-mode';
import { required } from './element';
import { createFormat } from './format';
import { createNetworkBadge } from './network-badge';
import { createOutbox } from './outbox';
import { saveRecords } from './outbox-store';
import { mountOutboxPanel } from './outbox-panel';
import { reportFromFix, type ReportExtras } from './report-from-fix';
import { newReportId } from './report-id';
import { createReporterSession } from './reporter-session';
import { fixProblemText, mountSendPanel, type PendingFix } from './send-panel';
import { registerServiceWorker } from './service-worker';
import { createSignInView } from './sign-in-view';
import { takeFix } from './take-fix';
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
  const who = createWhoView(required(document, '.who'), session.choose, () => session.signOut());
  const outbox = createOutbox({
    sender: () => (reporter.value ? { token: reporter.value.token, reporterId: reporter.value.me.id } : null),
    onUnauthorized: () => session.signOut(t('sign-in.token-refused')),
  });

  /** Queues one report: written on the device first, then the outbox tries to send it. */
  async function queue({ id, fix }: PendingFix, extras: ReportExtras): Promise<void> {
    const current = reporter.value;
    if (!current) throw new Error('signed out');
    await saveRecords([
      {
        id,
        caravanId: current.caravanId,
        reporterId: current.me.id,
        reporterName: current.me.name,
        report: reportFromFix(id, fix, extras),
        fixAt: fix.timestamp,
        state: 'queued',
        queuedAt: Date.now(),
      },
    ]);
    outbox.nudge();
  }

  const autoProblem = signal('');
  const auto = createAutoMode(async () => {
    try {
      const fix = await takeFix();
      await queue({ id: newReportId(), fix }, {});
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
  mountSendPanel(required(document, '.send'), { t, format, queue });
  mountOutboxPanel(required(document, '[data-part="outbox"]'), { t, format, outbox, reporter });
  createNetworkBadge(required(document, '[data-field="network"]'), t);

  const reporterPart = required(document, '#reporter');
  effect(() => {
    const current = reporter.value;
    reporterPart.hidden = !current;
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
  session.start();
}

main();
