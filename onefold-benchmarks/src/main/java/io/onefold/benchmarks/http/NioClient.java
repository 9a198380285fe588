package io.onefold.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The lean HTTP/1.1 keep-alive client: {@code --connections} sockets spread over {@code --threads} {@link EventLoop}s,
 * each with its share of the rate; their results merged.
 */
public final class NioClient {
    private NioClient() {}

    public static LoadResult run(HttpLoadOptions o, Workload workload) throws Exception {
        int threads = Math.max(1, Math.min(o.threads(), o.connections()));
        long start = System.nanoTime() + 200_000_000L; // let every loop connect first
        List<EventLoop> loops = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int conns = o.connections() / threads + (t < o.connections() % threads ? 1 : 0);
            double rate = o.fixed() ? (double) o.rate() / threads : 0;
            EventLoop loop = new EventLoop(o, workload.copy(o.seed() + 7919L * t), conns, rate, start);
            loops.add(loop);
            Thread th = Thread.ofPlatform().name("httpload-" + t).start(loop);
            running.add(th);
        }
        LoadResult total = new LoadResult();
        for (int t = 0; t < threads; t++) {
            running.get(t).join();
            if (loops.get(t).failure != null) throw loops.get(t).failure;
            total.add(loops.get(t).result);
        }
        return total;
    }
}
