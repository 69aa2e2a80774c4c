/**
 * How the transport ends a request early (its deadline passed, the caller cancelled, the client
 * closed) without a timer and an AbortController per request: on the per-call path those cost
 * more than the rest of the client's bookkeeping together (bench: `clientVsRaw`).
 *
 * - A RequestCut is one request's abort handle. undici accepts, as a request's `signal`, an
 *   EventEmitter-like object (`aborted`, `reason`, an 'abort' event it subscribes to with `once`
 *   and leaves with `removeListener`; Dispatcher.RequestOptions). This one is only that: cheaper to
 *   make and to subscribe to than an AbortSignal or a full EventEmitter.
 * - A DeadlineWatch holds the running requests of one transport (a linked list: adding and
 *   removing cost nothing per request) and ONE unref'd timer, set to the earliest deadline among
 *   them. When it fires it cuts every request whose deadline has passed and sets itself to the
 *   next one. A request that ends only leaves the list; the timer is reset only when a new
 *   request's deadline is earlier than the one it is set to.
 */

/** Why a request was cut; the transport turns each into its TransportError. */
export const TIMED_OUT = Symbol('timed out');
export const CANCELLED = Symbol('cancelled');
export const CLOSED = Symbol('closed');
export type CutReason = typeof TIMED_OUT | typeof CANCELLED | typeof CLOSED;

/** Monotonic milliseconds: a wall-clock change must not move a deadline. */
const now = () => performance.now();

type Listener = () => void;

export class RequestCut {
  aborted: boolean;
  reason: CutReason | undefined;
  readonly deadline: number;
  /** Who is told on abort: undici subscribes once per request; more are kept all the same. */
  #listeners: Listener[] | undefined;
  // Neighbours in the DeadlineWatch's list of running requests.
  prev: RequestCut | undefined;
  next: RequestCut | undefined;

  constructor(deadline: number) {
    this.aborted = false;
    this.reason = undefined;
    this.deadline = deadline;
    this.#listeners = undefined;
    this.prev = undefined;
    this.next = undefined;
  }

  /** End the request with `reason`; the first reason wins. */
  abort(reason: CutReason): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const l of listeners) l();
  }

  // The EventEmitter methods undici uses on a signal (it listens to 'abort' only).
  on(event: string, listener: Listener): this {
    if (event === 'abort') (this.#listeners ??= []).push(listener);
    return this;
  }

  once(event: string, listener: Listener): this {
    // abort() drops every listener after calling it, so `on` is already once.
    return this.on(event, listener);
  }

  removeListener(event: string, listener: Listener): this {
    const listeners = this.#listeners;
    if (event !== 'abort' || !listeners) return this;
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }
}

export class DeadlineWatch {
  // The running requests: a list with `first` at its head, each request linked to its neighbours.
  #first: RequestCut | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** The deadline the timer is set to; Infinity when it is not set. */
  #setFor = Infinity;

  /** A request starts: it is cut with TIMED_OUT `timeoutMs` from now unless it ends first. */
  start(timeoutMs: number): RequestCut {
    const cut = new RequestCut(now() + timeoutMs);
    const first = this.#first;
    cut.next = first;
    if (first) first.prev = cut;
    this.#first = cut;
    if (cut.deadline < this.#setFor) this.setTimer(cut.deadline);
    return cut;
  }

  /** A request ended (answer, error or cut); ending one twice is harmless. */
  end(cut: RequestCut): void {
    const { prev, next } = cut;
    if (prev) prev.next = next;
    else if (this.#first === cut) this.#first = next;
    else return; // not in the list (any more)
    if (next) next.prev = prev;
    cut.prev = cut.next = undefined;
  }

  /** The requests running now (close() cuts them once its grace is over). */
  running(): RequestCut[] {
    const list: RequestCut[] = [];
    for (let c = this.#first; c; c = c.next) list.push(c);
    return list;
  }

  private setTimer(at: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#setFor = at;
    // At least 1 ms: a timer may fire a little before `at` by this clock; it then sets itself again.
    this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(at - now())));
    // Never the reason a process stays alive: a running request's socket already keeps it alive.
    this.#timer.unref();
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    this.#setFor = Infinity;
    const t = now();
    let soonest = Infinity;
    for (const cut of this.running()) {
      if (cut.deadline <= t) {
        this.end(cut);
        cut.abort(TIMED_OUT);
      } else if (cut.deadline < soonest) {
        soonest = cut.deadline;
      }
    }
    if (soonest !== Infinity) this.setTimer(soonest);
  };
}
