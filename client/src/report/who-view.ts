import { required } from './element';
import type { Me } from './session';

/**
 * Who is signed in and where their reports go: the caravan's id, or a choice when the reporter
 * posts for several.
 */
export function createWhoView(root: HTMLElement, choose: (caravanId: string) => void, signOut: () => void) {
  const name = required(root, '[data-field="reporter-name"]');
  const select = required<HTMLSelectElement>(root, '[data-field="caravan"]');
  const single = required(root, '[data-field="caravan-single"]');
  const label = required<HTMLLabelElement>(root, 'label[for="caravan"]');

  select.addEventListener('change', () => choose(select.value));
  required(root, '[data-action="sign-out"]').addEventListener('click', signOut);

  return {
    render(me: Me, caravanId: string | null): void {
      name.textContent = me.name;
      const caravans = me.caravans ?? [];
      const several = caravans.length > 1;
      select.hidden = !several;
      single.hidden = several;
      single.textContent = caravanId ?? '';
      // The label names the select when there is one, and reads as plain text before the single id.
      label.htmlFor = several ? 'caravan' : '';
      select.replaceChildren(...caravans.map((id) => new Option(id, id, false, id === caravanId)));
    },
  };
}
