import { required } from './element';
import { isolated, isolatedText } from '../lib/isolate';
import { caravanName, type Me } from './session';

/**
 * Who is signed in and where their reports go: the caravan's name, or a choice of names when the
 * reporter posts for several. Names are typed by people: text only, isolated.
 */
export function createWhoView(root: HTMLElement, choose: (caravanId: string) => void) {
  const name = required(root, '[data-field="reporter-name"]');
  const select = required<HTMLSelectElement>(root, '[data-field="caravan"]');
  const single = required(root, '[data-field="caravan-single"]');
  const label = required<HTMLLabelElement>(root, 'label[for="caravan"]');

  select.addEventListener('change', () => choose(select.value));

  return {
    render(me: Me, caravanId: string | null): void {
      name.textContent = me.name;
      const caravans = me.caravans ?? [];
      const several = caravans.length > 1;
      select.hidden = !several;
      single.hidden = several;
      single.replaceChildren(caravanId === null ? '' : isolated(caravanName(me, caravanId)));
      // The label names the select when there is one, and reads as plain text before the single name.
      label.htmlFor = several ? 'caravan' : '';
      select.replaceChildren(...caravans.map((id) => new Option(isolatedText(caravanName(me, id)), id, false, id === caravanId)));
    },
  };
}
