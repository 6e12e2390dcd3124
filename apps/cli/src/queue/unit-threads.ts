/**
 * cli/queue/unit-threads: the worker threads a queue worker trains on, one per concurrent job, so that the main
 * event loop stays free to renew the jobs' locks while a unit trains. A thread is kept for the next job of the same
 * backend and replaced when a job asks for another one.
 */
import type { BackendName } from '@spectral-ts/spectral';
import { UnitThread } from '../pool';

export class UnitThreads {
  private idle: { backend: BackendName; thread: UnitThread }[] = [];
  private readonly busy = new Set<UnitThread>();

  constructor(
    private readonly script: string,
    private readonly plugins: string[],
  ) {}

  /** A started thread with `backend` selected (it throws when the thread cannot start). */
  async acquire(backend: BackendName): Promise<UnitThread> {
    const i = this.idle.findIndex((t) => t.backend === backend);
    const thread =
      i >= 0 ? this.idle.splice(i, 1)[0].thread : new UnitThread(this.script, { backend, plugins: this.plugins });
    this.busy.add(thread);
    try {
      await thread.ready;
    } catch (err) {
      this.busy.delete(thread);
      throw err;
    }
    return thread;
  }

  /** Returns a thread after its job; a dead one is dropped, and idle threads of other backends are stopped. */
  release(backend: BackendName, thread: UnitThread): void {
    if (!this.busy.delete(thread) || thread.dead) return;
    for (const other of this.idle.filter((t) => t.backend !== backend)) void other.thread.terminate();
    this.idle = this.idle.filter((t) => t.backend === backend);
    this.idle.push({ backend, thread });
  }

  /** Stops every thread, the ones still computing a unit included (their units are abandoned). */
  async close(): Promise<void> {
    const all = [...this.idle.splice(0).map((t) => t.thread), ...this.busy];
    this.busy.clear();
    await Promise.allSettled(all.map((t) => t.terminate()));
  }
}
