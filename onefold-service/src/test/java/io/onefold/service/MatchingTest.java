package io.onefold.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link MatchingScenarios} on the embedded store. */
class MatchingTest extends MatchingScenarios {
    @TempDir
    Path dir;

    @Override
    protected ServiceFixture open() {
        return new ServiceFixture(dir, false).configureMatching();
    }

    @Override
    protected ServiceFixture reopen() {
        f.close();
        return new ServiceFixture(dir, false);
    }
}
