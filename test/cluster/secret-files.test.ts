// Files that must be new (issue 10, item 4): aws-auth backups, on the first write and on the
// 409 retry path, and the credentials file, handed over by SecretDelivery as soon as a step
// calls progress.secret. A symbolic link at the path is never followed.
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScriptedIo } from '../../src/io/scripted.js';
import type { ConfigMap } from '../../src/kube/gateway.js';
import { SecretDelivery } from '../../src/pipeline/secrets.js';
import { writeBackup } from '../../src/steps/cluster/aws-auth-backup.js';
import type { Step } from '../../src/steps/types.js';
import { testContext } from './context.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cm = (v: string): ConfigMap => ({ metadata: { name: 'aws-auth', namespace: 'kube-system', resourceVersion: v }, data: { mapRoles: `# v${v}\n` } });

describe('aws-auth backups', () => {
  it('first write: mode 0600; refuses an existing file and a dangling link (its target is never created)', async () => {
    const path = join(dir, 'b.yaml');
    await writeBackup(cm('1'), path, false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(writeBackup(cm('2'), path, false)).rejects.toMatchObject({ code: 'EEXIST' });
    const link = join(dir, 'link.yaml');
    symlinkSync(join(dir, 'target.yaml'), link);
    await expect(writeBackup(cm('1'), link, false)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(existsSync(join(dir, 'target.yaml'))).toBe(false);
  });

  it('409 retry: replaces its own file, and a link planted there is replaced, not written through', async () => {
    const path = join(dir, 'b.yaml');
    await writeBackup(cm('1'), path, false);
    await writeBackup(cm('2'), path, true);
    expect(readFileSync(path, 'utf8')).toContain('resourceVersion 2');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    rmSync(path);
    symlinkSync(victim, path);
    await writeBackup(cm('3'), path, true);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('resourceVersion 3');
  });
});

describe('SecretDelivery', () => {
  const secret = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'wJalr/EXAMPLE/secret', userName: 'u' };
  const ctx = testContext({ seqeraAuth: 'keys' });
  const planned = (apply: Step['apply']) => [{ step: { id: 's', title: 's', enabled: () => true, read: async () => ({}), plan: () => ({ changes: [] }), apply } as Step, changes: [] }];
  const progress = { info: () => {}, waiting: () => {} };

  it('writes the file from inside the change (before it returns), once, mode 0600', async () => {
    const file = join(dir, 'creds.ini');
    const io = createScriptedIo({});
    const delivery = new SecretDelivery({ ...ctx.settings, credentialsFile: file }, io);
    let seenInside = false;
    const [wrapped] = delivery.wrap(planned(async (_c, _w, _x, p) => {
      p.secret?.(secret);
      seenInside = existsSync(file);
      return { secret };
    }));
    const result = await wrapped!.step.apply({} as never, {} as never, ctx, progress);
    delivery.deliverAll([{ change: {} as never, result }]);
    expect(seenInside).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`[seqera-${ctx.settings.cluster}]\naws_access_key_id = ${secret.accessKeyId}\naws_secret_access_key = ${secret.secretAccessKey}\n`);
    expect(io.stderr.filter((l) => l.includes('written to'))).toHaveLength(1);
  });

  it('a link that appeared at the path: the key id and the delete command, never the secret', () => {
    const file = join(dir, 'creds.ini');
    symlinkSync(join(dir, 'elsewhere'), file);
    const io = createScriptedIo({});
    const delivery = new SecretDelivery({ ...ctx.settings, credentialsFile: file }, io);
    let err: Error | undefined;
    try {
      delivery.deliver(secret);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toContain(`Access key ${secret.accessKeyId} of u was created`);
    expect(JSON.stringify(err)).not.toContain(secret.secretAccessKey);
    expect(err?.message).not.toContain(secret.secretAccessKey);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });
});
