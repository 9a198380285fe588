package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.WriteSession;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store that lets a test step into a background job: fail a write session's read of one profile's cluster once (a store error
 * half way through a job), or hold the job's thread at its n-th call of a read method until the test has done what it
 * wants done meanwhile — and then let it go on, or kill it there; or make its claims stop holding, as a database restart
 * does. Everything else goes to the real store.
 */
final class InterruptibleStore {
    /** The thread background jobs run on (ProfileService's job executor). */
    private static final String JOB_THREAD = "onefold-jobs";

    private final ProfileStore delegate;
    private final AtomicReference<String> failingProfile = new AtomicReference<>();
    private volatile Pause pause;

    /** A held job: {@link #reached} once the job waits, {@link #release} lets it go on. */
    static final class Pause {
        private final String method;
        private final AtomicInteger countdown;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Pause(String method, int nthCall) {
            this.method = method;
            this.countdown = new AtomicInteger(nthCall);
        }

        void reached() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) throw new AssertionError("the job never called " + method);
        }

        void release() {
            released.countDown();
        }

        /** The job's thread dies where it waits, as with a process killed there: no catch block, no status written. */
        void crash() {
            crashed = true;
            released.countDown();
        }

        private volatile boolean crashed;
    }

    /** What a killed process does not do: run the code after this point. An Error, so that no catch block handles it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the node running the job");
        }
    }

    InterruptibleStore(ProfileStore delegate) {
        this.delegate = delegate;
    }

    ProfileStore store() {
        return (ProfileStore) Proxy.newProxyInstance(ProfileStore.class.getClassLoader(), new Class<?>[] {ProfileStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("openWriteSession")) return session((WriteSession) invoke(delegate, method, args));
            if (method.getName().equals("claim")) return claim((String) args[0]);
            holdIfPaused(method.getName());
            return concern(method, invoke(delegate, method, args), (concern, m, a) -> {
                holdIfPaused(m.getName());
                return invoke(concern, m, a);
            });
        });
    }

    /**
     * What an accessor of the store's concerns ({@code profiles()}, {@code jobs()}, ...) returns, seen through
     * {@code handler} so that the reads and writes made through it can be held or failed; any other value as it is.
     */
    private static Object concern(java.lang.reflect.Method method, Object value, ConcernHandler handler) {
        if (value == null || method.getParameterCount() != 0 || !method.getReturnType().isInterface()
                || !method.getReturnType().getPackageName().equals(ProfileStore.class.getPackageName())) {
            return value;
        }
        return Proxy.newProxyInstance(ProfileStore.class.getClassLoader(), new Class<?>[] {method.getReturnType()},
                (proxy, m, a) -> handler.handle(value, m, a));
    }

    private interface ConcernHandler {
        Object handle(Object concern, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    /** The next read of {@code profileId}'s cluster in a write transaction throws, once. */
    void failOnceReading(String profileId) {
        failingProfile.set(profileId);
    }

    /** Holds the job's thread at its {@code nthCall}-th call of the store's {@code method} (1 = the next). */
    Pause pauseJobAt(String method, int nthCall) {
        Pause p = new Pause(method, nthCall);
        pause = p;
        return p;
    }

    private void holdIfPaused(String method) throws InterruptedException {
        Pause p = pause;
        if (p == null || !p.method.equals(method) || !Thread.currentThread().getName().equals(JOB_THREAD)) return;
        if (p.countdown.decrementAndGet() != 0) return;
        pause = null;
        p.reached.countDown();
        if (!p.released.await(60, TimeUnit.SECONDS)) throw new AssertionError("the test never released the job");
        if (p.crashed) throw new SimulatedCrash();
    }

    /** Waits until the claim named {@code name} was released (the job holding it ended, or died). */
    void awaitReleased(String name) throws InterruptedException {
        synchronized (released) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!released.contains(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("claim " + name + " was never released");
                TimeUnit.NANOSECONDS.timedWait(released, left);
            }
        }
    }

    private final java.util.Set<String> released = new java.util.HashSet<>();

    private final java.util.Set<java.util.concurrent.atomic.AtomicBoolean> openClaims = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Every claim open now stops holding, as a shared store's claims do when the database restarts (its connection goes). */
    void loseClaims() {
        openClaims.forEach(held -> held.set(false));
    }

    private java.util.Optional<ProfileStore.Claim> claim(String name) {
        return delegate.claim(name).map(real -> {
            java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
            openClaims.add(held);
            return new ProfileStore.Claim() {
                @Override
                public void close() {
                    openClaims.remove(held);
                    real.close();
                    synchronized (released) {
                        released.add(name);
                        released.notifyAll();
                    }
                }

                @Override
                public boolean held() {
                    return held.get() && real.held();
                }
            };
        });
    }

    private WriteSession session(WriteSession real) {
        InvocationHandler handler = (proxy, method, args) -> concern(method, invoke(real, method, args), (concern, m, a) -> {
            if ((m.getName().equals("fragment") || m.getName().equals("clusters")) && a[1] instanceof Collection<?> ids) {
                String failing = failingProfile.get();
                if (failing != null && ids.contains(failing) && failingProfile.compareAndSet(failing, null)) {
                    throw new IllegalStateException("injected store failure reading profile " + failing);
                }
            }
            return invoke(concern, m, a);
        });
        return (WriteSession) Proxy.newProxyInstance(WriteSession.class.getClassLoader(), new Class<?>[] {WriteSession.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
