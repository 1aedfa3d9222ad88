// The demo's curl lines (from its terminal output or its page), run as a person pasting them would:
// through bash with curl when both are here, else read line by line and sent with fetch.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { run } from './processes.js';

const hasCurl = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).status === 0;
if (!hasCurl) console.warn('[demo curl lines] no curl here: the lines are parsed and sent with fetch');

const EXPORT = /^export (\w+)=(\S+)$/;
const CURL = /^curl -i -X (\w+) -H "Authorization: Bearer \$(\w+)" (http:\/\/\S+)\s+# (\d{3}) /;

export interface CurlAnswer {
  status: number;
  /** The status the line's comment promises. */
  promised: number;
  body: string;
}

/**
 * The block from its first `export TOKEN=` line to its last curl line, unindented, after checking
 * its shape: the tokens are exported first, and every curl line names one by variable, so no line
 * a person copies holds a token beside the command.
 */
export function curlBlock(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trim());
  const first = lines.findIndex((line) => line.startsWith('export TOKEN='));
  const last = lines.length - 1 - [...lines].reverse().findIndex((line) => line.startsWith('curl '));
  expect(first, `no "export TOKEN=" line in:\n${text}`).toBeGreaterThanOrEqual(0);
  const block = lines.slice(first, last + 1);
  const exports = block.filter((line) => line.startsWith('export '));
  const curls = block.filter((line) => line.startsWith('curl '));
  expect(exports.map((line) => line.match(EXPORT)?.[1])).toEqual(['TOKEN', 'STALE_TOKEN']);
  expect(curls).toHaveLength(2);
  for (const line of curls) {
    expect(line).toMatch(CURL);
    expect(line).not.toMatch(/eyJ/);
  }
  return block;
}

/** Runs the block; one answer per curl line, in order. */
export async function runCurlBlock(block: string[]): Promise<CurlAnswer[]> {
  const promised = block.flatMap((line) => {
    const match = line.match(CURL);
    return match ? [Number(match[4])] : [];
  });
  if (hasCurl) {
    // Not spawnSync: the demo may be served by this very process, whose event loop must keep going.
    const result = await run('bash', ['-c', `set -e\n${block.join('\n')}`], { cwd: process.cwd() });
    expect(result.code, result.stderr).toBe(0);
    // `curl -i` prints the status line, the headers, a blank line, then the body with no newline
    // after it: the next answer's status line starts right behind it.
    const answers = result.stdout.split(/(?=HTTP\/[\d.]+ \d{3} )/).filter(Boolean);
    return answers.map((answer, i) => ({
      status: Number(answer.match(/^HTTP\/[\d.]+ (\d{3})/)?.[1]),
      promised: promised[i],
      body: answer
        .split(/\r?\n\r?\n/)
        .slice(1)
        .join('\n\n'),
    }));
  }
  const tokens = new Map<string, string>();
  const answers: CurlAnswer[] = [];
  for (const line of block) {
    const exported = line.match(EXPORT);
    if (exported) tokens.set(exported[1], exported[2]);
    const curl = line.match(CURL);
    if (!curl) continue;
    const response = await fetch(curl[3], {
      method: curl[1],
      headers: { authorization: `Bearer ${tokens.get(curl[2])}` },
    });
    answers.push({ status: response.status, promised: Number(curl[4]), body: await response.text() });
  }
  return answers;
}

/** The demo's two lines: the signed-in 200 with the auth object, then the step-up 403. */
export async function expectDemoAnswers(block: string[]): Promise<void> {
  const answers = await runCurlBlock(block);
  expect(answers.map((answer) => [answer.status, answer.promised])).toEqual([
    [200, 200],
    [403, 403],
  ]);
  expect(JSON.parse(answers[0].body)).toMatchObject({ isAuthenticated: true, userId: 'user_demo' });
  expect(JSON.parse(answers[1].body)).toMatchObject({ clerk_error: { reason: 'reverification-error' } });
}
