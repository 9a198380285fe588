package io.onefold.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The byte scan of a data directory: which of some values still have a copy, in any file, at any offset. */
public final class DataFiles {
    private DataFiles() {}

    /** The values whose UTF-8 bytes occur somewhere in a file under {@code dir}, each with the file it was found in. */
    public static List<String> copiesOf(Path dir, String... values) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            // one byte per char: String.indexOf then compares bytes exactly (and fast)
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String value : values) {
                if (bytes.contains(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) found.add(value + " in " + dir.relativize(file));
            }
        }
        return found;
    }
}
