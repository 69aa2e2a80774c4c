// @ts-check
/* global WebSocket -- Node.js 22+ has it; checked at run time below */
'use strict';
/**
 * Talks to a running Node-RED the way its editor does: the admin HTTP API (deploy flows, press an
 * inject button, read flows back) and the comms websocket (deploy finished, debug sidebar
 * messages, node status badges). No login: harness-started Node-RED listens on loopback only,
 * without adminAuth.
 */

/**
 * @typedef {{ topic: string, data: any }} CommsMessage
 * @typedef {{ id: string, z?: string, name?: string, property?: string, format?: string, msg: string, value: unknown }} DebugMessage
 *   what the debug sidebar receives: `value` is the decoded msg property (msg.payload by default)
 * @typedef {{ text?: string, fill?: string, shape?: string }} NodeStatus
 * @typedef {{ what?: string, timeoutMs?: number, from?: number }} WaitOptions
 *   `from`: index into `messages` to start looking at; default: only messages arriving from now on
 * @typedef {{ body?: unknown, headers?: Record<string, string> }} RequestOptions
 */

/**
 * The debug node sends its msg to the editor encoded (objects as JSON text, with a `format`
 * such as "Object", "array[3]", "string[5]"); decode it back to a value for assertions.
 * @param {any} data
 * @returns {DebugMessage}
 */
function decodeDebug(data) {
  if (!data || typeof data.msg !== 'string' || /^string/.test(String(data.format))) return { ...data, value: data && data.msg };
  try {
    return { ...data, value: JSON.parse(data.msg) };
  } catch {
    return { ...data, value: data.msg };
  }
}

/**
 * @param {string} baseUrl
 * @param {{ onMessage?: (m: CommsMessage) => void, connectTimeoutMs?: number, defaultTimeoutMs?: number }} [options]
 */
async function connectAdmin(baseUrl, { onMessage = () => {}, connectTimeoutMs = 10000, defaultTimeoutMs = 30000 } = {}) {
  if (typeof WebSocket !== 'function') throw new Error('talking to the Node-RED editor needs Node.js 22 or newer (global WebSocket)');
  /** @type {CommsMessage[]} every comms message received (a live array) */
  const messages = [];
  /** @type {Set<(m: CommsMessage) => void>} */
  const waiters = new Set();
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/comms`);

  ws.addEventListener('message', (event) => {
    let batch;
    try {
      batch = JSON.parse(String(event.data));
    } catch {
      return;
    }
    for (const raw of Array.isArray(batch) ? batch : [batch]) {
      if (!raw || typeof raw.topic !== 'string') continue;
      const message = { topic: raw.topic, data: raw.topic === 'debug' ? decodeDebug(raw.data) : raw.data };
      messages.push(message);
      onMessage(message);
      for (const waiter of [...waiters]) waiter(message);
    }
  });

  /**
   * Resolves with the first message (from index `from` of all received, default: from now) that matches.
   * @param {(m: CommsMessage) => boolean} matches
   * @param {WaitOptions} [options]
   * @returns {Promise<CommsMessage>}
   */
  function waitFor(matches, { what = 'a message', timeoutMs = defaultTimeoutMs, from = messages.length } = {}) {
    for (let i = from; i < messages.length; i++) if (matches(messages[i])) return Promise.resolve(messages[i]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen =
          messages
            .slice(from)
            .map((m) => m.topic)
            .slice(-20)
            .join(', ') || 'nothing';
        reject(new Error(`Node-RED: no ${what} within ${timeoutMs} ms (comms topics seen: ${seen})`));
      }, timeoutMs);
      /** @param {CommsMessage} message */
      function waiter(message) {
        if (!matches(message)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(message);
      }
      waiters.add(waiter);
    });
  }

  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cannot open the Node-RED comms websocket at ${baseUrl}`)), connectTimeoutMs);
      ws.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error(`cannot open the Node-RED comms websocket at ${baseUrl}`));
      });
    })
  );
  // Without adminAuth, Node-RED registers a comms connection on its first message, and answers a
  // subscription with the retained notifications (the runtime state is always one of them): once
  // one arrives, nothing the runtime publishes from now on can be missed.
  ws.send(JSON.stringify({ subscribe: 'notification/#' }));
  await waitFor((m) => m.topic.startsWith('notification/'), {
    what: 'retained notification after subscribing',
    timeoutMs: connectTimeoutMs,
    from: 0,
  });

  /**
   * @param {string} method
   * @param {string} path
   * @param {RequestOptions} [options]
   * @returns {Promise<string>}
   */
  async function request(method, path, { body, headers = {} } = {}) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Node-RED ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text;
  }

  /**
   * Full deploy, as the editor's Deploy button does. POST /flows answers before the new flows have
   * started; this resolves only when the runtime reports that revision started (or rejects when
   * it refuses to start them, e.g. node types it does not know).
   * @param {object[]} flows
   * @param {{ timeoutMs?: number }} [options]
   * @returns {Promise<string>} the revision
   */
  async function deploy(flows, { timeoutMs = defaultTimeoutMs } = {}) {
    const from = messages.length;
    const text = await request('POST', '/flows', {
      body: { flows },
      headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
    });
    const { rev } = JSON.parse(text);
    const outcome = await waitFor(
      (m) =>
        (m.topic === 'notification/runtime-deploy' && m.data && m.data.revision === rev) ||
        (m.topic === 'notification/runtime-state' && m.data && m.data.error),
      { what: `start of deployed flows revision ${rev}`, timeoutMs, from },
    );
    if (outcome.topic === 'notification/runtime-state') {
      const detail = outcome.data.types || outcome.data.modules || [];
      throw new Error(`Node-RED did not start the deployed flows: ${outcome.data.error} ${JSON.stringify(detail)}`);
    }
    return rev;
  }

  /**
   * Presses an inject node's button (the editor's POST /inject/:id).
   * @param {string} nodeId
   */
  async function inject(nodeId) {
    await request('POST', `/inject/${encodeURIComponent(nodeId)}`);
  }

  /** @returns {Promise<{ rev: string, flows: Array<Record<string, any>> }>} */
  async function getFlows() {
    return JSON.parse(await request('GET', '/flows', { headers: { 'Node-RED-API-Version': 'v2' } }));
  }

  /**
   * Node types Node-RED has loaded, from GET /nodes (module -> node set -> types).
   * @returns {Promise<string[]>}
   */
  async function nodeTypes() {
    /** @type {Array<{ enabled?: boolean, loaded?: boolean, types: string[] }>} */
    const sets = JSON.parse(await request('GET', '/nodes', { headers: { accept: 'application/json' } }));
    return sets.flatMap((set) => (set.enabled !== false && set.loaded !== false ? set.types : []));
  }

  return {
    messages,
    waitFor,
    deploy,
    inject,
    getFlows,
    nodeTypes,
    request,
    /** @returns {DebugMessage[]} */
    debugMessages: () => messages.filter((m) => m.topic === 'debug').map((m) => m.data),
    /**
     * The next debug sidebar message (from now, or from index `from`) that `matches`.
     * @param {(d: DebugMessage) => boolean} [matches]
     * @param {WaitOptions} [options]
     * @returns {Promise<DebugMessage>}
     */
    waitForDebug: (matches = () => true, options = {}) =>
      waitFor((m) => m.topic === 'debug' && matches(m.data), { what: 'matching debug message', ...options }).then((m) => m.data),
    /**
     * The next status badge of a node that `matches` ({text, fill, shape}; {} when cleared).
     * @param {string} nodeId
     * @param {(s: NodeStatus) => boolean} [matches]
     * @param {WaitOptions} [options]
     * @returns {Promise<NodeStatus>}
     */
    waitForStatus: (nodeId, matches = () => true, options = {}) =>
      waitFor((m) => m.topic === `status/${nodeId}` && matches(m.data || {}), {
        what: `matching status of node ${nodeId}`,
        ...options,
      }).then((m) => m.data || {}),
    close: () => ws.close(),
  };
}

/** @typedef {Awaited<ReturnType<typeof connectAdmin>>} AdminClient */

module.exports = { connectAdmin, decodeDebug };
