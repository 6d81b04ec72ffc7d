package wechatpay.reactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads small PEM files, turning I/O failures into a message that names the file. */
final class Files {
    private static final long MAX_PEM_BYTES = 1 << 20;

    private Files() {
    }

    static String read(Path file) {
        try {
            if (java.nio.file.Files.size(file) > MAX_PEM_BYTES) {
                throw new IllegalArgumentException(file + ": expected a PEM file, found a file over 1 MiB");
            }
            return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
