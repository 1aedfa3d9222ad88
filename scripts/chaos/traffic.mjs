// The requests of the chaos run, valid and hostile, and how each answer is judged. A judgement is
// one of: ok, spec503 (a 503 the SPEC asks for), other5xx, hung, badIn (a bad credential let in),
// replayIn (a webhook id accepted twice), validRefused (not a failure: counted to show).
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

const HUNG_AFTER_MS = 10_000;
const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** The SPEC's 503s: a guard's auth_unavailable, and a webhook whose replay check cannot answer. */
function isSpec503(status, body) {
  return status === 503 && /auth_unavailable|webhook-replay-check-unavailable/.test(body);
}

async function send(url, init = {}) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HUNG_AFTER_MS) });
    return {
      status: response.status,
      body: await response.text(),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    if (error.name === 'TimeoutError') return { status: 0, body: '', hung: true };
    // A refused connection is the app gone: the run's crash check reports it.
    return { status: -1, body: String(error.cause?.code ?? error.name) };
  }
}

function judge(answer, { allowed }) {
  if (answer.hung) return 'hung';
  if (answer.status >= 500) {
    if (!isSpec503(answer.status, answer.body)) return 'other5xx';
    return answer.status === 503 && answer.retryAfter === null ? 'other5xx' : 'spec503';
  }
  if (answer.status === -1) return 'other5xx';
  return allowed(answer.status) ? 'ok' : null;
}

/** Traffic against the apps: `state` holds the credentials and the webhook book-keeping. */
export function createTraffic({ issuer, apps, state }) {
  const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });
  const signedIn = (status) => status === 200;
  const refused = (status) => status !== 200 && status < 500;

  const tamper = (token) => {
    const [h, p, s] = token.split('.');
    const flipped = s[5] === 'A' ? 'B' : 'A';
    return [h, p, `${s.slice(0, 5)}${flipped}${s.slice(6)}`].join('.');
  };

  /** Sends one delivery; book-keeping by id: accepted twice is a replay let in. */
  async function deliver(app, id, delivery) {
    const answer = await send(`${app}/webhooks`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    if (answer.status === 200) {
      if (state.accepted.has(id)) return 'replayIn';
      state.accepted.set(id, delivery);
      state.pending.delete(id);
    } else if (!state.accepted.has(id)) {
      // Svix retries any answer but a 2xx: the run retries it until it is accepted, or reports it lost.
      state.pending.add(id);
    }
    return judge(answer, { allowed: () => true });
  }

  const kinds = {
    async validSession() {
      const answer = await send(`${pick(apps)}/me`, bearer(pick(state.tokens)));
      const verdict = judge(answer, { allowed: signedIn });
      return verdict ?? 'validRefused';
    },
    async badSession() {
      const bad = pick([
        tamper(pick(state.tokens)),
        state.expired,
        state.foreign,
        `${randomBytes(12).toString('base64url')}.${randomBytes(40).toString('base64url')}.x`,
        'null',
      ]);
      return judge(await send(`${pick(apps)}/me`, bearer(bad)), { allowed: refused }) ?? 'badIn';
    },
    async randomApiKey() {
      const key = `ak_${randomBytes(pick([8, 24, 40])).toString('hex')}`;
      return judge(await send(`${pick(apps)}/machine`, bearer(key)), { allowed: refused }) ?? 'badIn';
    },
    async validApiKey() {
      const answer = await send(`${pick(apps)}/machine`, bearer(state.apiKey));
      return judge(answer, { allowed: signedIn }) ?? 'validRefused';
    },
    async sessionOnMachineRoute() {
      return (
        judge(await send(`${pick(apps)}/machine`, bearer(pick(state.tokens))), { allowed: refused }) ??
        'badIn'
      );
    },
    async newWebhook() {
      const id = `msg_${randomBytes(10).toString('hex')}`;
      state.sent += 1;
      return deliver(
        pick(apps),
        id,
        issuer.signWebhook({ type: 'user.updated', data: { id: 'user_chaos' } }, { id }),
      );
    },
    async replayWebhook() {
      const accepted = [...state.accepted.entries()];
      if (accepted.length === 0) return 'ok';
      const [id, delivery] = pick(accepted.slice(-200));
      return deliver(pick(apps), id, delivery);
    },
    async tamperedWebhook() {
      const delivery = issuer.signWebhook({ type: 'user.updated', data: { id: 'user_chaos' } });
      const body = delivery.body.replace('user_chaos', 'user_evil');
      const answer = await send(`${pick(apps)}/webhooks`, {
        method: 'POST',
        headers: delivery.headers,
        body,
      });
      return judge(answer, { allowed: refused }) ?? 'badIn';
    },
  };
  const weights = [
    ['validSession', 5],
    ['badSession', 3],
    ['randomApiKey', 2],
    ['validApiKey', 2],
    ['sessionOnMachineRoute', 1],
    ['newWebhook', 3],
    ['replayWebhook', 2],
    ['tamperedWebhook', 1],
  ];
  const table = weights.flatMap(([name, weight]) => Array(weight).fill(name));

  return {
    /** One random request; resolves with its judgement. */
    one: () => kinds[pick(table)](),
    /** Svix's retry of a refused delivery: the same id, a fresh timestamp and signature. */
    retry(app, id) {
      return deliver(
        app,
        id,
        issuer.signWebhook({ type: 'user.updated', data: { id: 'user_chaos' } }, { id }),
      );
    },
  };
}

/** Slow clients: sockets that send a request line and then one header byte a second, never done. */
export function slowloris(apps, count) {
  const sockets = [];
  for (let i = 0; i < count; i += 1) {
    const url = new URL(apps[i % apps.length]);
    const socket = connect(Number(url.port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const timer = setInterval(() => socket.write('x'), 1_000);
    sockets.push({ socket, timer });
  }
  return () => {
    for (const { socket, timer } of sockets) {
      clearInterval(timer);
      socket.destroy();
    }
  };
}
