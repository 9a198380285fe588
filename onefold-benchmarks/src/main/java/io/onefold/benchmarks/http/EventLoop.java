package io.onefold.benchmarks.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;

/** An event loop: its connections, its share of the rate, its own histograms. */
final class EventLoop implements Runnable {
    final HttpLoadOptions o;
    final Workload workload;
    final Conn[] conns;
    final double rate;
    final long start;
    final long measureFrom;
    final long end;
    final LoadResult result = new LoadResult();
    final InetSocketAddress address;
    Selector selector;
    Exception failure;
    // fixed rate: intended send times of due requests waiting for a free connection (a ring)
    long[] backlog = new long[1 << 16];
    int backHead;
    int backSize;
    long issued;
    final ArrayList<Conn> idle = new ArrayList<>();

    EventLoop(HttpLoadOptions o, Workload workload, int connections, double rate, long start) {
        this.o = o;
        this.workload = workload;
        this.conns = new Conn[connections];
        this.rate = rate;
        this.start = start;
        this.measureFrom = start + o.warmup().toNanos();
        this.end = measureFrom + o.duration().toNanos();
        this.address = new InetSocketAddress(o.url().getHost(), Workload.port(o.url()));
    }

    @Override
    public void run() {
        try {
            selector = Selector.open();
            for (int i = 0; i < conns.length; i++) {
                conns[i] = new Conn();
                connect(conns[i]);
            }
            while (System.nanoTime() < start) LockSupport.parkNanos(1_000_000);
            loop();
            result.measuredNanos = end - measureFrom;
            for (Conn c : conns) close(c);
            selector.close();
        } catch (Exception e) {
            failure = e;
        }
    }

    void connect(Conn c) throws IOException {
        c.channel = SocketChannel.open();
        c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.channel.connect(address);
        c.channel.configureBlocking(false);
        c.key = c.channel.register(selector, SelectionKey.OP_READ, c); // always reading: no epoll_ctl per request
        c.busy = false;
        c.in.clear();
        idle.add(c);
    }

    void close(Conn c) {
        try {
            if (c.channel != null) c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void loop() throws IOException {
        long drainUntil = end + 5_000_000_000L;
        while (true) {
            long now = System.nanoTime();
            if (now >= drainUntil || now >= end && backSize == 0 && idle.size() == conns.length) break;
            issue(now);
            long timeoutNanos;
            if (rate > 0) {
                long nextDue = start + (long) (issued * 1e9 / rate);
                timeoutNanos = nextDue < end ? nextDue - now : drainUntil - now;
            } else {
                timeoutNanos = now < end ? end - now : drainUntil - now;
            }
            int ready;
            if (timeoutNanos >= 1_000_000) {
                ready = selector.select(timeoutNanos / 1_000_000);
            } else {
                ready = selector.selectNow();
                if (ready == 0 && timeoutNanos > 0) LockSupport.parkNanos(Math.min(timeoutNanos, 50_000));
            }
            if (ready > 0) {
                var it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isValid() && k.isWritable()) flush(c);
                        if (k.isValid() && k.isReadable()) read(c);
                    } catch (IOException | RuntimeException e) {
                        fail(c);
                    }
                }
            }
        }
        // whatever is still queued or in flight after the drain counts, at least with the time it has waited so far
        long now = System.nanoTime();
        for (Conn c : conns) {
            if (c.busy) unfinished(c.intended, now);
        }
        for (int i = 0; i < backSize; i++) unfinished(backlog[(backHead + i) & (backlog.length - 1)], now);
    }

    void unfinished(long intended, long now) {
        result.unfinished++;
        if (intended >= measureFrom && intended < end) result.latency.recordValue(Math.min(now - intended, LoadResult.HIGHEST_NANOS));
    }

    /**
     * Sends requests on idle connections. Max mode: one on each, until the end. Fixed mode: queues every request
     * due by now (intended before the end), then sends the oldest queued ones on the idle connections.
     */
    void issue(long now) throws IOException {
        if (rate > 0) {
            while (true) {
                long intended = start + (long) (issued * 1e9 / rate);
                if (intended > now || intended >= end) break;
                issued++;
                if (backSize == backlog.length) growBacklog();
                backlog[(backHead + backSize) & (backlog.length - 1)] = intended;
                backSize++;
            }
            result.maxBacklog = Math.max(result.maxBacklog, backSize);
            while (backSize > 0 && !idle.isEmpty()) {
                long intended = backlog[backHead];
                backHead = (backHead + 1) & (backlog.length - 1);
                backSize--;
                send(idle.remove(idle.size() - 1), intended);
            }
        } else if (now < end) {
            while (!idle.isEmpty()) send(idle.remove(idle.size() - 1), now);
        }
    }

    void growBacklog() {
        long[] bigger = new long[backlog.length * 2];
        for (int i = 0; i < backSize; i++) bigger[i] = backlog[(backHead + i) & (backlog.length - 1)];
        backlog = bigger;
        backHead = 0;
    }

    void send(Conn c, long intended) throws IOException {
        c.out.clear();
        while (true) {
            try {
                workload.next(c.out);
                break;
            } catch (java.nio.BufferOverflowException e) {
                c.out = ByteBuffer.allocate(c.out.capacity() * 2);
            }
        }
        c.out.flip();
        c.busy = true;
        c.intended = intended;
        c.sent = System.nanoTime();
        try {
            flush(c);
        } catch (IOException e) {
            fail(c);
        }
    }

    void flush(Conn c) throws IOException {
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
    }

    void read(Conn c) throws IOException {
        if (!c.in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
            c.in.flip();
            bigger.put(c.in);
            c.in = bigger;
        }
        int n = c.channel.read(c.in);
        if (n < 0) throw new IOException("connection closed by the server");
        if (n == 0) return;
        result.bytesIn += n;
        int status = ResponseParser.complete(c.in.array(), c.in.position());
        if (status < 0) return; // need more bytes
        long done = System.nanoTime();
        boolean closeAfter = ResponseParser.connectionClose(c.in.array(), c.in.position());
        boolean nothingFound = status / 100 == 2 && workload.nothingFound(c.in.array(), ResponseParser.bodyStart(c.in.array(), c.in.position()), c.in.position());
        c.in.clear();
        c.busy = false;
        record(status, nothingFound, c.intended, c.sent, done);
        if (closeAfter) {
            c.key.cancel();
            close(c);
            connect(c);
        } else {
            idle.add(c);
        }
        issue(done);
    }

    /**
     * Throughput and statuses count the answers received in the measurement window; latency is recorded for the
     * requests intended (fixed) or sent (max) in it — so a backlog that never drains still shows in the latency.
     */
    void record(int status, boolean nothingFound, long intended, long sent, long done) {
        if (done >= measureFrom && done < end) {
            result.completed++;
            if (nothingFound) result.nothingFound++;
            result.statuses[Math.min(status, 599)]++;
        }
        if (intended < measureFrom || intended >= end) return;
        result.latency.recordValue(Math.min(done - intended, LoadResult.HIGHEST_NANOS));
        result.service.recordValue(Math.min(done - sent, LoadResult.HIGHEST_NANOS));
        result.lag.recordValue(Math.min(Math.max(0, sent - intended), LoadResult.HIGHEST_NANOS));
    }

    /** A broken connection: a request in flight on it is an error (and lost); the socket is replaced. */
    void fail(Conn c) {
        if (c.busy) result.ioErrors++;
        idle.remove(c); // an idle connection the server closed
        if (c.key != null) c.key.cancel();
        close(c);
        c.in.clear();
        c.busy = false;
        try {
            connect(c);
        } catch (IOException e) {
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** One connection: one request in flight at a time. */
    static final class Conn {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out = ByteBuffer.allocate(16 * 1024);
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        boolean busy;
        long intended;
        long sent;
    }
}
