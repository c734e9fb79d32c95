// Where the chunk loader keeps V8's code cache (src/cli/chunk-loader.ts), per platform, and
// when it keeps none.
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../../src/cli/chunk-loader.js';

const V8 = '11.3.244.8-node.19';

describe('compileCacheDir', () => {
  it('XDG_CACHE_HOME first, when absolute (the XDG base directory rules)', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }, 'linux', V8, 'x64')).toBe(`/var/cache/me/eks-seqera/v8-${V8}-x64`);
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/Users/me' }, 'darwin', V8, 'arm64')).toBe(`/var/cache/me/eks-seqera/v8-${V8}-arm64`);
    // a relative XDG_CACHE_HOME is invalid and ignored
    expect(compileCacheDir({ XDG_CACHE_HOME: 'cache', HOME: '/home/me' }, 'linux', V8, 'x64')).toBe(`/home/me/.cache/eks-seqera/v8-${V8}-x64`);
  });

  it("else the platform's per-user cache directory", () => {
    expect(compileCacheDir({ HOME: '/home/me' }, 'linux', V8, 'x64')).toBe(`/home/me/.cache/eks-seqera/v8-${V8}-x64`);
    expect(compileCacheDir({ HOME: '/Users/me' }, 'darwin', V8, 'arm64')).toBe(`/Users/me/Library/Caches/eks-seqera/v8-${V8}-arm64`);
    expect(compileCacheDir({ LOCALAPPDATA: '/c/Users/me/AppData/Local', USERPROFILE: '/c/Users/me' }, 'win32', V8, 'x64')).toBe(`/c/Users/me/AppData/Local/eks-seqera/v8-${V8}-x64`);
  });

  it('none without a home, with NODE_DISABLE_COMPILE_CACHE, or with EKS_SEQERA_DEBUG (Node loads the chunks, for source-mapped stacks)', () => {
    expect(compileCacheDir({}, 'linux', V8, 'x64')).toBeUndefined();
    expect(compileCacheDir({ USERPROFILE: '/c/Users/me' }, 'win32', V8, 'x64')).toBeUndefined();
    expect(compileCacheDir({ HOME: '/home/me', NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', V8, 'x64')).toBeUndefined();
    expect(compileCacheDir({ HOME: '/home/me', EKS_SEQERA_DEBUG: '1' }, 'linux', V8, 'x64')).toBeUndefined();
  });

  it('one directory per V8 version and architecture: V8 refuses a cache made by another', () => {
    const a = compileCacheDir({ HOME: '/h' }, 'linux', '11.3.244.8-node.19', 'x64');
    expect(compileCacheDir({ HOME: '/h' }, 'linux', '12.4.254.21-node.33', 'x64')).not.toBe(a);
    expect(compileCacheDir({ HOME: '/h' }, 'linux', '11.3.244.8-node.19', 'arm64')).not.toBe(a);
  });
});
