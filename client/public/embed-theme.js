/* global document, location, URLSearchParams */
// Before the first paint: a dark embed must not flash white inside a dark article. A classic script,
// so it runs before the body is drawn; a file, not inline, so the page's CSP can say script-src 'self'.
if (new URLSearchParams(location.search).get('theme') === 'dark') document.documentElement.dataset.theme = 'dark';
