// What to do when the server exits on its own: start it again once; if it
// exits again within the window, leave it stopped and tell the user.

export class CrashPolicy {
  private lastRestart: number | undefined;

  constructor(private readonly windowMs = 3 * 60_000) {}

  /** onCrash returns whether to restart the server that exited at now (ms). */
  onCrash(now: number): 'restart' | 'stop' {
    if (this.lastRestart !== undefined && now - this.lastRestart < this.windowMs) {
      return 'stop';
    }
    this.lastRestart = now;
    return 'restart';
  }

  /** reset forgets past crashes (a restart asked by the user). */
  reset(): void {
    this.lastRestart = undefined;
  }
}
