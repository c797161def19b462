package dev.causality.batch;

import dev.causality.testsupport.ParquetFiles;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lake as a test sees it: files by key, and their rows. */
record LakeRows(Map<String, byte[]> files) {

    static final Pattern KEY = Pattern.compile(
            "events/app_id=[^/]+/year=\\d{4}/month=([1-9]|1[0-2])/day=([1-9]|[12]\\d|3[01])/hour=(\\d|1\\d|2[0-3])/"
                    + "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\\.parquet");

    static LakeRows of(Map<String, byte[]> files) {
        files.keySet().forEach(key -> assertTrue(KEY.matcher(key).matches(), "lake key " + key));
        return new LakeRows(files);
    }

    /** The files under a local lake directory, keyed like S3 objects (hidden temp files excluded). */
    static LakeRows ofDirectory(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    String key = root.relativize(path).toString().replace('\\', '/');
                    if (!path.getFileName().toString().startsWith(".")) {
                        files.put(key, Files.readAllBytes(path));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return of(files);
    }

    List<GenericRecord> rows() {
        List<GenericRecord> rows = new ArrayList<>();
        files.values().forEach(file -> rows.addAll(ParquetFiles.read(file)));
        return rows;
    }

    List<GenericRecord> rows(String keyPrefix) {
        List<GenericRecord> rows = new ArrayList<>();
        files.forEach((key, file) -> {
            if (key.startsWith(keyPrefix)) {
                rows.addAll(ParquetFiles.read(file));
            }
        });
        return rows;
    }

    List<String> ids() {
        return rows().stream().map(r -> r.get("id").toString()).toList();
    }

    static String string(GenericRecord row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }
}
