// The ready-to-paste curl lines the demo prints in the terminal and shows on its page: tokens as
// `export` lines first, so each curl line stays short and copies cleanly, then one line per answer.

/**
 * `mint(options)` is the demo's mintToken (an hour-long token for the demo user); returns the lines,
 * unindented: two `export` lines, a blank line, then two curl lines with the answer each gets.
 */
export async function curlLines(url, mint) {
  const good = await mint({ fva: [0, 0] });
  const stale = await mint({ fva: [30, 30] });
  const calls = [
    ['GET', '/api/me', 'TOKEN', '200 signed in: the auth object'],
    [
      'POST',
      '/api/settings/password',
      'STALE_TOKEN',
      '403 reverification-error: second factor 30 minutes old, step-up needed',
    ],
  ];
  const commands = calls.map(
    ([method, path, token]) => `curl -i -X ${method} -H "Authorization: Bearer $${token}" ${url}${path}`,
  );
  const width = Math.max(...commands.map((command) => command.length));
  return [
    `export TOKEN=${good}`,
    `export STALE_TOKEN=${stale}`,
    '',
    ...commands.map((command, i) => `${command.padEnd(width)}  # ${calls[i][3]}`),
  ];
}
