import type { FieldProblem } from '../lib/api';
import { el } from '../lib/dom';

let nextId = 0;

/** Takes back what showFieldProblems put in the form: the messages and the controls' invalid marks. */
export function clearFieldProblems(form: HTMLFormElement): void {
  for (const message of form.querySelectorAll('.form__field-error')) message.remove();
  for (const control of form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  }
}

/**
 * Shows each problem the server named under the control of that name (`km`, `url`): the control
 * is marked invalid and described by the message, so a screen reader reads it on focus; the first
 * such control takes focus. `say` may reword a problem. Returns the problems no control took.
 */
export function showFieldProblems(
  form: HTMLFormElement,
  problems: readonly FieldProblem[],
  say: (problem: FieldProblem) => string = (problem) => problem.message,
): FieldProblem[] {
  clearFieldProblems(form);
  const unplaced: FieldProblem[] = [];
  let first: HTMLElement | null = null;
  for (const problem of problems) {
    const named = form.elements.namedItem(problem.field);
    const control = named instanceof RadioNodeList ? (named[0] as HTMLElement | undefined) : (named as HTMLElement | null);
    if (!control) {
      unplaced.push(problem);
      continue;
    }
    const id = `field-problem-${++nextId}`;
    const message = el('p', { class: 'form__field-error', id, 'data-error-for': problem.field }, say(problem));
    // After the label, not in it: inside, the message would join the control's name.
    const field = control.closest('.form__field');
    if (field) field.after(message);
    else (control.closest('fieldset') ?? control.parentElement!).append(message);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', id);
    first ??= control;
  }
  first?.focus();
  return unplaced;
}
