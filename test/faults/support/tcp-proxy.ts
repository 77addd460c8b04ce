import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can turn into a black hole: connections are cut and new ones are
 * accepted but never answered, as when a network drops packets or a server hangs. Unlike a stopped server,
 * nothing is refused, so only a time-out stops a client from waiting for ever.
 */
export class TcpProxy {
  private blackHoled = false;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = net.createServer((client) => proxy?.accept(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    proxy = new TcpProxy(server, typeof address === 'object' && address ? address.port : 0);
    return proxy;
  }

  private accept(client: net.Socket, targetPort: number) {
    this.track(client);
    if (this.blackHoled) return; // held open, never answered
    const upstream = net.connect(targetPort, '127.0.0.1');
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
  }

  /** Cuts every connection and answers no new one. */
  blackHole() {
    this.blackHoled = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Passes traffic again (connections held in the black hole are cut, as a recovering network would). */
  restore() {
    this.blackHoled = false;
    for (const socket of this.sockets) socket.destroy();
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
