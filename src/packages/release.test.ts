import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { resolveCacheDir } from "./cache.ts";
import { PinnedReleaseGoneError, ReleaseSignatureError } from "./errors.ts";
import { fetchPackagesIndex } from "./indices.ts";
import { resolveMirror } from "./mirror.ts";
import { fetchRelease, PACKAGES_INDEX } from "./release.ts";
import { startTamperingProxy, type TamperingProxy } from "./test-proxy.ts";

// Against the real archive named by this machine's apt sources; the download cache is shared.
const mirror = resolveMirror();
const upstream = mirror.suites.bookworm as string;
const cacheDir = resolveCacheDir();

describe("signed Release (real archive)", () => {
  test("bookworm's InRelease verifies and lists its Packages index hashes", async () => {
    const release = await fetchRelease({ suite: "bookworm", baseUrl: upstream, cacheDir });
    assert.match(release.sha256, /^[0-9a-f]{64}$/);
    assert.match(release.indices.get(PACKAGES_INDEX)?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.ok(existsSync(release.file));
    // The pinned form finds the same file again (from the cache).
    const again = await fetchRelease({ suite: "bookworm", baseUrl: upstream, cacheDir, pinnedSha256: release.sha256 });
    assert.equal(again.sha256, release.sha256);
    const index = await fetchPackagesIndex(release, upstream, cacheDir);
    assert.ok(existsSync(index));
  });

  test("a pinned Release that is neither cached nor served any more asks for --update", async () => {
    const emptyCache = mkdtempSync(join(tmpdir(), "keel-cache-"));
    await assert.rejects(fetchRelease({ suite: "bookworm", baseUrl: upstream, cacheDir: emptyCache, pinnedSha256: "0".repeat(64) }), (e: unknown) => {
      assert.ok(e instanceof PinnedReleaseGoneError, String(e));
      assert.match(e.message, /rebuild lock --update/);
      return true;
    });
  });

  describe("a tampered Release", () => {
    let proxy: TamperingProxy;
    before(async () => {
      proxy = await startTamperingProxy(upstream, (path, body) =>
        path.endsWith("/InRelease") ? Buffer.from(body.toString("utf8").replace("Codename: bookworm", "Codename: bookwork")) : body,
      );
    });
    after(() => proxy.close());

    test("is refused with a clear message, and nothing enters the cache", async () => {
      const emptyCache = mkdtempSync(join(tmpdir(), "keel-cache-"));
      await assert.rejects(fetchRelease({ suite: "bookworm", baseUrl: proxy.url, cacheDir: emptyCache }), (e: unknown) => {
        assert.ok(e instanceof ReleaseSignatureError, String(e));
        assert.equal(e.code, "release-signature");
        assert.equal(e.suite, "bookworm");
        assert.match(e.message, /failed signature verification/);
        assert.match(e.message, /BAD signature/);
        return true;
      });
      assert.ok(proxy.requests.some((r) => r.endsWith("/dists/bookworm/InRelease")));
      assert.deepEqual(readdirSync(join(emptyCache, "releases")), []);
    });

    test("is refused even when the keyring is not the archive's", async () => {
      const emptyCache = mkdtempSync(join(tmpdir(), "keel-cache-"));
      await assert.rejects(
        fetchRelease({ suite: "bookworm", baseUrl: upstream, cacheDir: emptyCache, keyring: "/usr/share/keyrings/debian-archive-removed-keys.gpg" }),
        ReleaseSignatureError,
      );
    });
  });
});
