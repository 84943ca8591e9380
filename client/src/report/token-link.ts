/**
 * Reads a token handed over as `/report#token=…` and takes it out of the address bar at once.
 * The fragment never reaches a server, but it would stay in the history, in bookmarks and in
 * screenshots of the page: a token is a credential.
 * @example takeTokenFromLink() // '#token=abc' → 'abc', and the URL is now '/report'
 */
export function takeTokenFromLink(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.has('token')) return null;
  const token = fragment.get('token')!.trim();
  fragment.delete('token');
  const rest = fragment.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token === '' ? null : token;
}
