import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP proxy in front of the real mirror, for tests that need a hostile archive: it passes
 * every request through, except that `tamper(path, body)` may rewrite a response. Tests point
 * `--mirror` at it; the upstream URL comes from the machine's apt sources, like everything else.
 */
export interface TamperingProxy {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startTamperingProxy(upstream: string, tamper: (path: string, body: Buffer) => Buffer): Promise<TamperingProxy> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? "/";
    requests.push(path);
    try {
      const response = await fetch(`${upstream}${path}`);
      const body = tamper(path, Buffer.from(await response.arrayBuffer()));
      res.writeHead(response.status, { "content-length": body.length });
      res.end(body);
    } catch (error) {
      res.writeHead(502);
      res.end(String(error));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
