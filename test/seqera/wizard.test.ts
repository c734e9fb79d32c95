// The wizard's Seqera workspace question, against the sandbox's Seqera fake: offered only with a
// token, listing the user's workspaces with their role; "None" keeps the printed hand-off.
import { describe, expect, it } from 'vitest';
import { askSeqeraWorkspace } from '../../src/cli/wizard/seqera-workspace.js';
import { collectInputs, rawValue } from '../../src/cli/settings/index.js';
import { createScriptedIo } from '../../src/io/scripted.js';
import { useSeqeraFake } from './fixtures.js';

const fake = useSeqeraFake();

const inputs = () => collectInputs({ options: { seqeraApi: fake().url }, env: {} });

describe('wizard: the Seqera workspace', () => {
  it('with a token: lists the workspaces (role shown) and takes the answer', async () => {
    const io = createScriptedIo({ interactive: true, answers: [['Seqera workspace', 'acme/genomics']] });
    const out = await askSeqeraWorkspace(inputs(), io, { TOWER_ACCESS_TOKEN: fake().token }, false);
    expect(io.asked).toEqual([`Seqera workspace for the credential and compute environment (sandbox-owner at ${fake().url})`]);
    expect(rawValue(out, 'seqeraWorkspace')).toBe('acme/genomics');
    expect(out.values.seqeraWorkspace?.source).toBe('prompt');
  });

  it('"None" keeps the hand-off path', async () => {
    const io = createScriptedIo({ interactive: true, answers: [['Seqera workspace', '']] });
    expect(rawValue(await askSeqeraWorkspace(inputs(), io, { TOWER_ACCESS_TOKEN: fake().token }, false), 'seqeraWorkspace')).toBeUndefined();
  });

  it('without a token, or already answered, nothing is asked and nothing is sent', async () => {
    const before = fake().state.requests.length;
    for (const [env, answered] of [[{}, false], [{ TOWER_ACCESS_TOKEN: fake().token }, true]] as const) {
      const io = createScriptedIo({ interactive: true });
      await askSeqeraWorkspace(inputs(), io, env, answered);
      expect(io.asked).toEqual([]);
    }
    expect(fake().state.requests.length).toBe(before);
  });

  it('a bad token is said, not fatal: the wizard goes on without the API', async () => {
    const io = createScriptedIo({ interactive: true });
    const out = await askSeqeraWorkspace(inputs(), io, { TOWER_ACCESS_TOKEN: 'eyJwrong' }, false);
    expect(rawValue(out, 'seqeraWorkspace')).toBeUndefined();
    expect(io.stderr.join('\n')).toContain('rejected the access token');
    expect(io.stderr.join('\n')).not.toContain('eyJwrong');
  });
});
