package io.onefold.core.testing;

import io.onefold.core.identity.IdentityGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * The rebuild invariant, checked after every test: every profile a test's graphs and stores hold — golden record,
 * lineage (graphs), identifiers, and for stores the rows as stored — equals a from-scratch rebuild from its records
 * and links by the pure engine under the active rules. A difference fails the test, naming the profile and the field.
 *
 * <h2>What is checked</h2>
 * The subjects the test's fixtures {@link #watch watched} while it ran: the shared fixtures watch what they create
 * ({@link Fixtures}'s graphs, the property fixtures' graphs, the service fixture's store), so a new test gets the check
 * by using them. A subject watched during a test (its constructor and field initializers included) is checked after
 * that test; one watched in {@code @BeforeAll} (or by a per-class instance) after every test of the class and after
 * the class.
 *
 * <h2>How it is registered</h2>
 * On every test of every module, with no annotation: it is listed in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} of the engine's test-jar, and the build turns on
 * JUnit's extension auto-detection for surefire and failsafe ({@code junit.jupiter.extensions.autodetection.enabled},
 * root pom). An IDE run needs that parameter too (or {@code @ExtendWith(StoredProfilesEqualRebuild.class)}). Property
 * tries (jqwik) get the same check from {@link RebuildAfterEveryTry}. A test without a watched subject costs nothing.
 */
public final class StoredProfilesEqualRebuild implements TestInstancePreConstructCallback, BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, AfterAllCallback {
    private static final int LISTED = 25;

    /** The open scopes of this thread, innermost first: a class, its tests, a property try. */
    private static final ThreadLocal<Deque<Scope>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

    private record Scope(String id, boolean perTest, List<RebuildSubject> subjects) {}

    /** Checks {@code subject} after the current test (nothing happens outside a test: a benchmark, a main method). */
    public static <S extends RebuildSubject> S watch(S subject) {
        Scope current = SCOPES.get().peek();
        if (current != null) current.subjects().add(subject);
        return subject;
    }

    /** Checks the graph's profiles after the current test; returns the graph. */
    public static IdentityGraph watch(IdentityGraph graph) {
        watch(new GraphRebuild(graph));
        return graph;
    }

    /** Whether a test (or a property try) is running on this thread with the check registered. */
    public static boolean active() {
        return SCOPES.get().peek() != null;
    }

    /** Checks now: throws an {@link AssertionError} listing the differences, if any. */
    public static void verify(RebuildSubject subject) {
        verify(List.of(subject));
    }

    static void verify(List<RebuildSubject> subjects) {
        String report = report(subjects);
        if (report != null) throw new AssertionError(report);
    }

    /** What the subjects' differences are, or null when there is none. */
    static String report(List<RebuildSubject> subjects) {
        StringBuilder out = new StringBuilder();
        for (RebuildSubject subject : subjects) {
            List<ProfileDifference> differences = subject.differences();
            if (differences.isEmpty()) continue;
            out.append(out.isEmpty() ? "" : "\n").append("profiles as held differ from their rebuild from records and links (")
                    .append(subject.name()).append("), ").append(differences.size()).append(differences.size() == 1 ? " difference:" : " differences:");
            differences.stream().limit(LISTED).forEach(d -> out.append("\n  ").append(d));
            if (differences.size() > LISTED) out.append("\n  … and ").append(differences.size() - LISTED).append(" more");
        }
        return out.isEmpty() ? null : out.toString();
    }

    // ------------------------------------------------------------------------------------------ scopes

    /** Opens a scope (again: no-op) on this thread; what is watched until it closes belongs to it. */
    static void open(String id, boolean perTest) {
        Deque<Scope> scopes = SCOPES.get();
        if (scopes.peek() != null && scopes.peek().id().equals(id)) return;
        scopes.push(new Scope(id, perTest, new ArrayList<>()));
    }

    /**
     * Closes a scope (and any left open inside it, by a test whose instance could not be built) and returns what to
     * check: its subjects and, for a test, those of its class and enclosing classes.
     */
    static List<RebuildSubject> close(String id) {
        Deque<Scope> scopes = SCOPES.get();
        if (scopes.stream().noneMatch(s -> s.id().equals(id))) return List.of();
        Scope closed;
        do {
            closed = scopes.pop();
        } while (!closed.id().equals(id));
        List<RebuildSubject> out = new ArrayList<>(closed.subjects());
        if (closed.perTest()) {
            for (Scope enclosing : scopes) {
                if (enclosing.perTest()) break;
                out.addAll(enclosing.subjects());
            }
        }
        if (scopes.isEmpty()) SCOPES.remove();
        return out;
    }

    // ------------------------------------------------------------------------------------------ JUnit callbacks

    /** The test method's context when an instance is made per test: its field initializers belong to that test. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        open(context.getUniqueId(), context.getTestMethod().isPresent());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open(context.getUniqueId(), false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        open(context.getUniqueId(), true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        verify(close(context.getUniqueId()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        verify(close(context.getUniqueId()));
    }
}
