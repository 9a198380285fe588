package io.onefold.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a PostgreSQL server that loses a write connection at its next COMMIT — the failure a
 * database restart or a network cut causes at the worst moment, provoked deterministically. Armed with
 * {@link #cutAtNextCommit}, the next client message holding {@code COMMIT} on a connection that set
 * {@code synchronous_commit} (the store's write sessions; its pooled readers never do) is either forwarded to the
 * server before the client's side is closed (the database commits, the client never hears it) or dropped with both
 * sides closed (the database rolls back). Either way the client sees only a lost connection.
 *
 * <p>The store's URL must carry {@code prepareThreshold=0} ({@link #url}) so that every COMMIT is sent as text.
 */
public final class CommitCuttingProxy implements AutoCloseable {
    /** Where the connection is lost. */
    public enum Cut {
        /** The COMMIT reaches the database, which commits; the answer never reaches the client. */
        AFTER_THE_DATABASE_RECEIVED_IT,
        /** The COMMIT never reaches the database, which rolls the transaction back when its connection closes. */
        BEFORE_THE_DATABASE_RECEIVED_IT
    }

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRITER_MARK = "synchronous_commit".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listening;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicReference<Cut> armed = new AtomicReference<>();
    private volatile CountDownLatch cut = new CountDownLatch(1);

    /** A proxy for the server of {@code serverUrl} ({@code jdbc:postgresql://HOST:PORT/}). */
    public CommitCuttingProxy(String serverUrl) throws IOException {
        URI target = URI.create(serverUrl.substring("jdbc:".length()));
        this.targetHost = target.getHost();
        this.targetPort = target.getPort() < 0 ? 5432 : target.getPort();
        this.listening = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofPlatform().daemon(true).name("commit-cutting-proxy").start(this::accept);
    }

    /** The URL of {@code database} through this proxy. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + listening.getLocalPort() + "/" + database + "?prepareThreshold=0";
    }

    /** Loses the next write connection that sends COMMIT, {@code where} said. */
    public void cutAtNextCommit(Cut where) {
        cut = new CountDownLatch(1);
        armed.set(where);
    }

    /** Whether the armed cut happened (the COMMIT was seen and the connection lost). */
    public boolean cutHappened() {
        return cut.getCount() == 0;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(targetHost, targetPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                Thread.ofVirtual().start(() -> fromClient(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection closed
            }
        }
    }

    /** Client to server, watching for the COMMIT to cut. */
    private void fromClient(Socket client, Socket server) {
        boolean writer = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                writer |= contains(buffer, n, WRITER_MARK);
                Cut where = writer && contains(buffer, n, COMMIT) ? armed.getAndSet(null) : null;
                if (where == Cut.BEFORE_THE_DATABASE_RECEIVED_IT) {
                    // counted before the client can see its connection closed, so that a test that saw it finds it counted
                    cut.countDown();
                    closeQuietly(server);
                    closeQuietly(client);
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
                if (where == Cut.AFTER_THE_DATABASE_RECEIVED_IT) {
                    // the server's answer is discarded by the pump, which finds the client's side closed
                    cut.countDown();
                    closeQuietly(client);
                    return;
                }
            }
        } catch (IOException e) {
            // one side closed: so is the other below
        }
        closeQuietly(server);
        closeQuietly(client);
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private static boolean contains(byte[] buffer, int length, byte[] text) {
        outer:
        for (int i = 0; i + text.length <= length; i++) {
            for (int j = 0; j < text.length; j++) if (buffer[i + j] != text[j]) continue outer;
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
        synchronized (sockets) {
            sockets.forEach(CommitCuttingProxy::closeQuietly);
        }
    }
}
