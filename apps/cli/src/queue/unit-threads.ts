/**
 * cli/queue/unit-threads: the worker threads a queue worker trains on, one per concurrent job, so that the main
 * event loop stays free to renew the jobs' locks while a unit trains. A thread is kept for the next job of the same
 * backend and replaced when a job asks for another one.
 */
import type { BackendName } from '@spectral-ts/spectral';
import { UnitThread } from '../pool';

export class UnitThreads {
  private idle: { backend: BackendName; thread: UnitThread }[] = [];

  constructor(
    private readonly script: string,
    private readonly plugins: string[],
  ) {}

  /** A started thread with `backend` selected (it throws when the thread cannot start). */
  async acquire(backend: BackendName): Promise<UnitThread> {
    const i = this.idle.findIndex((t) => t.backend === backend);
    if (i >= 0) return this.idle.splice(i, 1)[0].thread;
    const thread = new UnitThread(this.script, { backend, plugins: this.plugins });
    await thread.ready;
    return thread;
  }

  /** Returns a thread after its job; a dead one is dropped, and idle threads of other backends are stopped. */
  release(backend: BackendName, thread: UnitThread): void {
    if (thread.dead) return;
    for (const other of this.idle.filter((t) => t.backend !== backend)) void other.thread.terminate();
    this.idle = this.idle.filter((t) => t.backend === backend);
    this.idle.push({ backend, thread });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.idle.splice(0).map((t) => t.thread.terminate()));
  }
}
