import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Holds N idle keep-alive HTTP/1.1 connections to tickvault while another load runs. Each connection
 * makes one request first (so it is a used keep-alive connection, authenticated, not a bare socket),
 * then stays idle until {@code stop-file} appears; any connection the server closes meanwhile is an
 * error. At the end every connection makes one more request, which must succeed.
 *
 * <p>{@code java bench/java/IdleConnections.java <host> <port> <count> <path> <api-key> <stop-file> <ready-file>}
 * prints {@code BENCH_IDLE opened=.. connect_failed=.. first_ok=.. closed_while_idle=.. final_ok=.. final_failed=..}.
 */
public class IdleConnections {

    private static final int CONNECT_BATCH = 500;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        String path = args[3];
        String key = args[4];
        Path stop = Path.of(args[5]);
        Path ready = Path.of(args[6]);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + key
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Selector selector = Selector.open();
        List<SocketChannel> open = new ArrayList<>(count);
        int connectFailed = 0;
        for (int i = 0; i < count; i += CONNECT_BATCH) {
            List<SocketChannel> batch = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + CONNECT_BATCH); j++) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                ch.connect(new InetSocketAddress(host, port));
                ch.register(selector, SelectionKey.OP_CONNECT);
                batch.add(ch);
            }
            int pending = batch.size();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (pending > 0 && System.nanoTime() < deadline) {
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel ch = (SocketChannel) k.channel();
                    try {
                        if (ch.finishConnect()) {
                            k.interestOps(0);
                            open.add(ch);
                            pending--;
                        }
                    } catch (IOException e) {
                        k.cancel();
                        ch.close();
                        connectFailed++;
                        pending--;
                    }
                }
            }
            connectFailed += pending;
        }
        int firstOk = roundTrip(selector, open, request);
        Files.writeString(ready, "ready\n");
        System.out.printf("holding %d connections (%d answered 200)%n", open.size(), firstOk);

        // Idle: nothing is sent; the server should neither write nor close.
        int closedWhileIdle = 0;
        for (SocketChannel ch : open) {
            ch.keyFor(selector).interestOps(SelectionKey.OP_READ);
        }
        ByteBuffer sink = ByteBuffer.allocate(4096);
        List<SocketChannel> alive = new ArrayList<>(open);
        while (!Files.exists(stop)) {
            selector.select(500);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                SocketChannel ch = (SocketChannel) k.channel();
                sink.clear();
                int n;
                try {
                    n = ch.read(sink);
                } catch (IOException e) {
                    n = -1;
                }
                if (n != 0) {
                    closedWhileIdle++;
                    k.cancel();
                    ch.close();
                    alive.remove(ch);
                }
            }
        }
        for (SocketChannel ch : alive) {
            ch.keyFor(selector).interestOps(0);
        }
        selector.selectNow();
        int finalOk = roundTrip(selector, alive, request);
        System.out.printf("BENCH_IDLE opened=%d connect_failed=%d first_ok=%d closed_while_idle=%d final_ok=%d final_failed=%d%n",
                open.size(), connectFailed, firstOk, closedWhileIdle, finalOk, count - finalOk);
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    /** Sends the request on every channel and reads every response; returns how many were 200. */
    private static int roundTrip(Selector selector, List<SocketChannel> channels, byte[] request) throws IOException {
        int ok = 0;
        // Fewer requests at once than the pool's wait queue holds (tickvault.pool.max-wait-queue-size, 512):
        // this client checks that connections stay open, not how tickvault sheds a burst.
        int batchSize = 100;
        for (int i = 0; i < channels.size(); i += batchSize) {
            Map<SocketChannel, ByteBuffer> responses = new HashMap<>();
            for (SocketChannel ch : channels.subList(i, Math.min(channels.size(), i + batchSize))) {
                try {
                    ByteBuffer out = ByteBuffer.wrap(request);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    ch.keyFor(selector).interestOps(SelectionKey.OP_READ);
                    responses.put(ch, ByteBuffer.allocate(8192));
                } catch (IOException e) {
                    // counted as a failure: no 200
                }
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!responses.isEmpty() && System.nanoTime() < deadline) {
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel ch = (SocketChannel) k.channel();
                    ByteBuffer buf = responses.get(ch);
                    if (buf == null) {
                        continue;
                    }
                    int n;
                    try {
                        n = ch.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        responses.remove(ch);
                        k.interestOps(0);
                        continue;
                    }
                    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
                    int headerEnd = text.indexOf("\r\n\r\n");
                    if (headerEnd < 0) {
                        continue;
                    }
                    int length = contentLength(text.substring(0, headerEnd));
                    if (buf.position() >= headerEnd + 4 + length) {
                        if (text.startsWith("HTTP/1.1 200")) {
                            ok++;
                        }
                        responses.remove(ch);
                        k.interestOps(0);
                    }
                }
            }
        }
        return ok;
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }
}
