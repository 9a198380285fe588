package io.onefold.core.testing;

import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * {@link StoredProfilesEqualRebuild} for property tests: after every try that passed, the graphs it created through
 * the fixtures equal their rebuild; a difference falsifies the try (and jqwik shrinks it to a small sequence).
 * Registered for every property by {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class RebuildAfterEveryTry implements AroundTryHook {
    private static final String SCOPE = RebuildAfterEveryTry.class.getName();

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        StoredProfilesEqualRebuild.open(SCOPE, true);
        TryExecutionResult result;
        List<RebuildSubject> watched;
        try {
            result = aTry.execute(parameters);
        } finally {
            watched = StoredProfilesEqualRebuild.close(SCOPE);
        }
        if (!result.isSatisfied()) return result;
        String report = StoredProfilesEqualRebuild.report(watched);
        return report == null ? result : TryExecutionResult.falsified(new AssertionError(report));
    }
}
