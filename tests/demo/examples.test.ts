// Each example under examples/ runs as its README says, and every curl line it prints gets the
// status its comment promises: a 200, a 403 for the role, a step-up 403, a 401 and an excluded route.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Running, startServer } from './processes.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
// `curl -i -X GET -H "Authorization: Bearer $TOKEN" http://127.0.0.1:1234/me   # 200 …`
const CURL = /^curl -i -X (\w+) (?:-H "([^"]+)" )?(http:\/\/127\.0\.0\.1:\d+\/\S*)\s+# (\d{3}) (.*)$/;

interface CurlLine {
  method: string;
  header: string | null;
  url: string;
  status: number;
  note: string;
}

function parseOutput(stdout: string): { tokens: Record<string, string>; lines: CurlLine[] } {
  const tokens: Record<string, string> = {};
  const lines: CurlLine[] = [];
  for (const text of stdout.split('\n')) {
    const exported = text.match(/^export (\w+)=(\S+)$/);
    if (exported) tokens[exported[1]] = exported[2];
    const curl = text.match(CURL);
    if (curl)
      lines.push({
        method: curl[1],
        header: curl[2] ?? null,
        url: curl[3],
        status: Number(curl[4]),
        note: curl[5],
      });
  }
  return { tokens, lines };
}

describe.each(['express', 'connect', 'fastify', 'hono'])('examples/%s', (framework) => {
  let server: Running;

  afterAll(async () => {
    await server?.stop();
  });

  it('prints curl lines that answer as their comments say, a role 403 and a step-up 403 among them', async () => {
    server = await startServer(process.execPath, ['server.js'], {
      cwd: `${examples}${framework}`,
      env: cleanEnv({ PORT: '0' }),
      ready: /# 200 excluded route\n/,
    });
    const { tokens, lines } = parseOutput(server.stdout());
    expect(Object.keys(tokens)).toEqual(['TOKEN', 'MEMBER_TOKEN', 'STALE_TOKEN']);
    expect(lines.length).toBe(8);

    const bodies = new Map<string, unknown>();
    for (const line of lines) {
      // The shell would expand $TOKEN from the export lines above.
      const header = line.header?.replace(/\$(\w+)/, (_, name: string) => tokens[name]);
      const [name, value] = header ? header.split(': ') : [];
      const response = await fetch(line.url, {
        method: line.method,
        headers: name ? { [name]: value } : {},
      });
      expect(response.status, `${line.method} ${line.url} (${line.note})`).toBe(line.status);
      bodies.set(line.note, await response.json());
    }

    const roleDenied = lines.find((line) => line.header?.includes('$MEMBER_TOKEN'));
    expect(roleDenied).toMatchObject({ method: 'GET', status: 403 });
    expect(roleDenied?.url).toMatch(/\/admin$/);
    expect(bodies.get(roleDenied!.note)).toEqual({ error: 'forbidden' });

    const stepUp = lines.find((line) => line.header?.includes('$STALE_TOKEN'));
    expect(stepUp).toMatchObject({ method: 'POST', status: 403 });
    expect(stepUp?.url).toMatch(/\/settings\/password$/);
    expect(bodies.get(stepUp!.note)).toMatchObject({
      clerk_error: { reason: 'reverification-error', metadata: { reverification: { afterMinutes: 10 } } },
    });
  });
});
