/**
 * What each phone app does with our answer to one of its requests, as its source reads (the
 * README's "Phone apps" names the files). `deletes`: the message leaves the app's queue (stored by
 * us or lost); `retries`: it stays and is sent again later.
 */
export type AppReaction = 'deletes' | 'retries';

export const PHONE_APPS = [
  'traccar-client-android-7',
  'traccar-client-ios-7',
  'traccar-client-9',
  'traccar-client-10',
  'osmand',
  'owntracks-android',
  'owntracks-ios',
] as const;
export type PhoneApp = (typeof PHONE_APPS)[number];

const is2xx = (status: number) => status >= 200 && status <= 299;
const deletesOn2xxOnly = (status: number): AppReaction => (is2xx(status) ? 'deletes' : 'retries');

export const RETRY_RULES: Record<PhoneApp, (status: number) => AppReaction> = {
  // TrackingController.send: HttpURLConnection.getInputStream throws on >= 400, the head is retried every 30 s.
  'traccar-client-android-7': deletesOn2xxOnly,
  // RequestManager.sendRequest: success is `data != nil`, true for any HTTP answer; only network errors retry.
  'traccar-client-ios-7': () => 'deletes',
  // transistorsoft HTTP service: a record is destroyed on 2xx only, else kept for the next sync.
  'traccar-client-9': deletesOn2xxOnly,
  // traccar-client-sdk TrackerEngine.syncLoop: removeFirst on isSuccess (2xx), else backoff 5 s .. 5 min.
  'traccar-client-10': deletesOn2xxOnly,
  // LiveMonitoringHelper.sendData: queue.poll() on 2xx only; the rest is resent until 15 min old.
  osmand: deletesOn2xxOnly,
  // HttpMessageProcessorEndpoint + MessageProcessor: non-2xx requeued at the head, backoff 1 s .. 2 min.
  'owntracks-android': deletesOn2xxOnly,
  // Connection.sendHTTP: 2xx deletes; 400-499 deletes (with an alert); anything else is kept, backoff 1 .. 64 s.
  'owntracks-ios': (status) => (is2xx(status) || (status >= 400 && status <= 499) ? 'deletes' : 'retries'),
};

/** The one app no answer but 2xx saves: what it sends while it cannot be stored is lost by the app itself. */
export const DROPS_ON_ANY_ANSWER: readonly PhoneApp[] = ['traccar-client-ios-7'];
