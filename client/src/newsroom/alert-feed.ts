import type { Alert } from '@rumbo/shared';
import { apiGet } from '../lib/api';
import { timeFormatter, utcText } from './format-time';
import type { NewsroomState } from './state';

/** Alerts the panel keeps, newest first. */
const SHOWN = 50;

export interface AlertFeed {
  /** Reads the caravan's alerts again (on each join: nothing pushed while away is missed). */
  reload(caravanId: string): Promise<void>;
  /** An alert pushed live: shown first, and as a browser notification when allowed. */
  add(alert: Alert): void;
}

/** A notification for a live alert, when this browser allowed them; a withdrawal replaces its alert's. */
function notify(alert: Alert): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  new Notification('Rumbo', { body: alert.text, tag: alert.refersTo ?? alert.id });
}

/**
 * The panel's alert feed for the open caravan: the latest alerts (time, what, where, a link to
 * the fix), live ones added on top, withdrawn ones struck through. The text is set as text, never
 * as markup. A button asks for browser notifications where they are not decided yet. `openLink`
 * handles clicks on the links to fixes (report-link.ts: selected in place, no reload).
 */
export function mountAlertFeed(
  root: HTMLElement,
  state: NewsroomState,
  openLink: (event: MouseEvent, href: string) => void,
): AlertFeed {
  const list = root.querySelector<HTMLOListElement>('[data-field="alert-list"]')!;
  const none = root.querySelector<HTMLElement>('[data-field="alerts-none"]')!;
  const ask = root.querySelector<HTMLButtonElement>('[data-action="notify-alerts"]')!;
  const time = timeFormatter(state.lang);
  let alerts: Alert[] = [];
  let shownCaravan: string | null = null;

  list.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    if (link) openLink(event, link.href);
  });
  ask.hidden = !('Notification' in window) || Notification.permission !== 'default';
  ask.addEventListener('click', () => {
    void Notification.requestPermission().then(() => (ask.hidden = Notification.permission !== 'default'));
  });

  function row(alert: Alert): HTMLLIElement {
    const item = document.createElement('li');
    item.className = `alert alert--${alert.event}${alert.withdrawn ? ' alert--withdrawn' : ''}`;
    item.dataset.alertId = alert.id;
    item.dataset.kind = alert.kind;
    const when = document.createElement('time');
    when.dateTime = alert.at;
    when.title = utcText(Date.parse(alert.at));
    when.textContent = time(Date.parse(alert.at));
    const text = document.createElement('span');
    text.className = 'alert__text';
    text.textContent = alert.withdrawn ? `${alert.text} (${state.t('alerts.withdrawn')})` : alert.text;
    item.append(when, text);
    if (alert.reportId) {
      const link = document.createElement('a');
      link.href = alert.link;
      link.textContent = state.t('alerts.open-fix');
      item.append(' ', link);
    }
    return item;
  }

  function render(): void {
    list.replaceChildren(...alerts.map(row));
    none.hidden = alerts.length > 0;
  }

  return {
    async reload(caravanId) {
      shownCaravan = caravanId;
      const answer = await apiGet<{ alerts: Alert[] }>(
        `/api/v1/caravans/${encodeURIComponent(caravanId)}/alerts?limit=${SHOWN}`,
        state.token,
      );
      if (shownCaravan !== caravanId) return;
      alerts = answer.alerts;
      render();
    },
    add(alert) {
      if (alert.caravanId !== shownCaravan || alerts.some((known) => known.id === alert.id)) return;
      if (alert.event === 'withdrawn')
        alerts = alerts.map((known) => (known.id === alert.refersTo ? { ...known, withdrawn: true } : known));
      alerts = [alert, ...alerts].slice(0, SHOWN);
      render();
      notify(alert);
    },
  };
}
