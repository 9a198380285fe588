package io.onefold.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The byte scan of a data directory: which of some values still have a copy, in any file, at any offset. */
final class DataFiles {
    private DataFiles() {}

    /** The values whose UTF-8 bytes occur somewhere in a file under {@code dir}, each with the file it was found in. */
    static List<String> copiesOf(Path dir, String... values) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (String value : values) {
                if (indexOf(bytes, value.getBytes(StandardCharsets.UTF_8)) >= 0) found.add(value + " in " + dir.relativize(file));
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
