import { cancelFrameJob, inNextFrame } from '../lib/frame-jobs';

/**
 * Replay playback: simulated time runs at `speed` times real time, one tick per animation
 * frame (the map redraws in the same frame), and stops at the end instead of wrapping or going live.
 */
export function replayClock(options: {
  /** Where playback is now (ms), and where it ends. */
  position(): { at: number; end: number };
  seek(at: number): void;
  /** Told when playback starts or stops, for the play button. */
  playing(playing: boolean): void;
}) {
  const key = {};
  let speed = 1;
  let playing = false;
  let lastTick = 0;
  const tick = () => {
    const now = performance.now();
    const { at, end } = options.position();
    const next = Math.min(end, at + (now - lastTick) * speed);
    lastTick = now;
    options.seek(next);
    if (next >= end) stop();
    else inNextFrame(key, tick);
  };
  function stop(): void {
    if (!playing) return;
    cancelFrameJob(key);
    playing = false;
    options.playing(false);
  }
  return {
    isPlaying: () => playing,
    setSpeed(multiplier: number) {
      speed = multiplier;
    },
    play() {
      if (playing) return;
      playing = true;
      lastTick = performance.now();
      inNextFrame(key, tick);
      options.playing(true);
    },
    stop,
  };
}
