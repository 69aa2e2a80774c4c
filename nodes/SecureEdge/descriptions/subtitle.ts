/**
 * The node's subtitle in words: "Get status of web", "Get many images", "Remove volume data".
 * n8n evaluates it as an expression over the node's parameters; names may be plain text or a
 * resource locator ({mode, value}).
 */
const WORDS: Record<string, Record<string, string>> = {
  container: {
    create: 'Create',
    getAll: 'Get many containers',
    getStatus: 'Get status of',
    getConfiguration: 'Get configuration of',
    start: 'Start',
    stop: 'Stop',
    remove: 'Remove',
    redeploy: 'Redeploy',
    waitForState: 'Wait for state of',
  },
  image: { getAll: 'Get many images', getDetails: 'Get details of' },
  volume: { remove: 'Remove volume' },
};

/**
 * The expression body, kept apart so a test can evaluate it. It reads `$rawParameter`, not
 * `$parameter`: the editor evaluates a subtitle with no input, and `$parameter` would resolve a
 * name written as an expression (`{{ $json.name }}`), fail, and leave the node without a
 * subtitle. Such a name is shown as written.
 */
export const SUBTITLE_BODY = [
  `((w, p) => {`,
  `  const raw = (v) => String((v !== null && typeof v === 'object' ? v.value : v) || '');`,
  `  const name = (v) => raw(v).replace(/^=/, '');`,
  `  const verb = (w[p.resource] || {})[p.operation] || p.operation;`,
  `  const target = p.resource === 'volume' ? name(p.volumeName)`,
  `    : p.resource === 'image' ? (p.operation === 'getDetails' ? [name(p.imageName), name(p.imageTag)].filter(Boolean).join(':') : '')`,
  `    : p.operation === 'getAll' || p.specMode === 'json' ? '' : name(p.containerName);`,
  `  return target ? verb + ' ' + target : verb.replace(/ of$/, '');`,
  // No '}}' anywhere: n8n's expression syntax would end the expression there ("invalid syntax").
  `})(${JSON.stringify(WORDS).replace(/}/g, ' }')}, $rawParameter)`,
].join(' ');

export const SUBTITLE = `={{ ${SUBTITLE_BODY} }}`;
