import { signal } from '@preact/signals-core';
import type { Translate } from '../i18n/i18n';
import { chooseCaravan, chosenCaravan, clearSession, saveSession, storedSession, type Me } from './session';
import { takeTokenFromLink } from './token-link';
import { verifyToken, type Verification } from './verify-token';

/** A signed-in reporter: their token, who the server says they are, and the caravan reports go to. */
export interface Reporter {
  token: string;
  me: Me;
  caravanId: string;
}

/** Where the session shows itself: the sign-in form, shown with a problem or hidden. */
export interface SignInForm {
  show(problem?: string): void;
  hide(): void;
}

/**
 * Signing in and out. A verified reporter is kept on the device and works offline at once; the
 * server is asked again whenever it can be, and only its refusal signs the reporter out.
 */
export function createReporterSession(t: Translate, form: () => SignInForm, onSignOut: () => void) {
  const reporter = signal<Reporter | null>(null);

  function signOut(problem = ''): void {
    onSignOut();
    clearSession();
    reporter.value = null;
    form().show(problem);
  }

  function signedIn(token: string, me: Me): void {
    const caravanId = chosenCaravan(me);
    if (!caravanId) return signOut(t('sign-in.no-caravan'));
    saveSession({ token, me });
    reporter.value = { token, me, caravanId };
    form().hide();
  }

  /** What the server said. `unreachable` keeps a reporter already known: being offline is normal here. */
  function apply(token: string, verdict: Verification): void {
    if (verdict.kind === 'reporter') signedIn(token, verdict.me);
    else if (verdict.kind !== 'unreachable') signOut(t(`sign-in.${verdict.kind}`));
    else if (!reporter.value) form().show(t('sign-in.unreachable'));
  }

  /** A new token (typed, pasted or from a link) is kept at once, so a link opened offline still signs in later. */
  async function adopt(token: string): Promise<void> {
    saveSession({ token, me: null });
    apply(token, await verifyToken(token));
  }

  return {
    reporter,
    adopt,
    signOut,
    choose(caravanId: string): void {
      chooseCaravan(caravanId);
      if (reporter.value) reporter.value = { ...reporter.value, caravanId };
    },
    /** A kept token not yet verified (it came while offline): try again, e.g. when the network returns. */
    resume(): void {
      const session = storedSession();
      if (session && !session.me) void adopt(session.token);
    },
    /** On load: a token from a link wins over the kept one; a kept reporter is checked again quietly. */
    start(): void {
      // A link opened while the page is already open at the same address changes only the fragment: no reload.
      window.addEventListener('hashchange', () => {
        const linked = takeTokenFromLink();
        if (linked) void adopt(linked);
      });
      const linked = takeTokenFromLink();
      const session = storedSession();
      if (linked && linked !== session?.token) void adopt(linked);
      else if (session?.me) {
        signedIn(session.token, session.me);
        void verifyToken(session.token).then((verdict) => apply(session.token, verdict));
      } else if (session) void adopt(session.token);
      else form().show();
    },
  };
}
