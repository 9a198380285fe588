package io.onefold.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes a generated population as the three sources would export it, plus the ground truth:
 * <ul>
 *   <li>{@code crm.csv} — the CRM export, RFC 4180, one row per record version (a record updated later appears
 *       again with a later {@code observed_at}); {@code postal_address} is a JSON object in one cell; an empty cell
 *       means the CRM has no value;</li>
 *   <li>{@code ivr.ndjson}, {@code chat.ndjson} — one {@code POST /profiles} body per line;</li>
 *   <li>{@code truth.ndjson} — per true customer, its journey and every (source, record id) it owns;</li>
 *   <li>{@code template.json}, {@code rules.json} — the omnichannel example's template and merge rules;</li>
 *   <li>{@code manifest.json} — seed, size, as-of instant and counts: the same arguments give byte-identical files.</li>
 * </ul>
 */
public final class DatasetWriter {
    /** The CRM export's columns, in order. */
    public static final List<String> CRM_COLUMNS = List.of("source_record_id", "observed_at", "email", "phone_number", "household_phone",
            "loyalty_tier", "preferred_contact_method", "customer_since", "lifetime_value", "postal_address");

    /** What was written. */
    public record Counts(int customers, long crmRows, long calls, long chats) {
        public long records() {
            return crmRows + calls + chats;
        }
    }

    private DatasetWriter() {}

    public static Counts write(SyntheticPopulation population, int customers, long seed, Instant asOf, Path dir) throws IOException {
        Files.createDirectories(dir);
        long crmRows = 0, calls = 0, chats = 0;
        try (BufferedWriter crm = Files.newBufferedWriter(dir.resolve("crm.csv"), StandardCharsets.UTF_8);
             BufferedWriter ivr = Files.newBufferedWriter(dir.resolve("ivr.ndjson"), StandardCharsets.UTF_8);
             BufferedWriter chat = Files.newBufferedWriter(dir.resolve("chat.ndjson"), StandardCharsets.UTF_8);
             BufferedWriter truth = Files.newBufferedWriter(dir.resolve("truth.ndjson"), StandardCharsets.UTF_8)) {
            crm.write(String.join(",", CRM_COLUMNS));
            crm.write("\r\n");
            for (int i = 0; i < customers; i++) {
                SyntheticCustomer c = population.customer(i);
                for (GeneratedRecord r : c.crm()) {
                    crm.write(csvRow(r));
                    crmRows++;
                }
                for (GeneratedRecord r : c.calls()) {
                    ivr.write(Json.MAPPER.writeValueAsString(r.upsertBody()));
                    ivr.write('\n');
                    calls++;
                }
                for (GeneratedRecord r : c.chats()) {
                    chat.write(Json.MAPPER.writeValueAsString(r.upsertBody()));
                    chat.write('\n');
                    chats++;
                }
                truth.write(Json.MAPPER.writeValueAsString(truthLine(c)));
                truth.write('\n');
            }
        }
        copyResource("omnichannel-template.json", dir.resolve("template.json"));
        copyResource("omnichannel-rules.json", dir.resolve("rules.json"));
        Counts counts = new Counts(customers, crmRows, calls, chats);
        ObjectNode manifest = Json.object();
        manifest.put("generator", "onefold generate 1");
        manifest.put("seed", seed);
        manifest.put("customers", customers);
        manifest.put("as_of", asOf.toString());
        ObjectNode files = manifest.putObject("files");
        files.putObject("crm.csv").put("source", SyntheticPopulation.CRM).put("rows", crmRows);
        files.putObject("ivr.ndjson").put("source", SyntheticPopulation.IVR).put("rows", calls);
        files.putObject("chat.ndjson").put("source", SyntheticPopulation.CHAT).put("rows", chats);
        manifest.put("load_order", "crm.csv, ivr.ndjson, chat.ndjson: callers are unknown until they identify in chat");
        Files.writeString(dir.resolve("manifest.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
        return counts;
    }

    /** Only the CRM export, exactly {@code rows} rows long (customers in order until the rows are written): for bulk benchmarks. */
    public static void writeCrm(SyntheticPopulation population, long rows, Path csv) throws IOException {
        try (BufferedWriter crm = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            crm.write(String.join(",", CRM_COLUMNS));
            crm.write("\r\n");
            long written = 0;
            for (int i = 0; written < rows; i++) {
                for (GeneratedRecord r : population.customer(i).crm()) {
                    if (written++ == rows) break;
                    crm.write(csvRow(r));
                }
            }
        }
    }

    static ObjectNode truthLine(SyntheticCustomer c) {
        ObjectNode line = Json.object();
        line.put("customer", c.id());
        line.put("kind", c.kind().name());
        var records = line.putArray("records");
        for (List<String> key : c.recordKeys()) records.addArray().add(key.get(0)).add(key.get(1));
        return line;
    }

    static String csvRow(GeneratedRecord r) {
        StringBuilder row = new StringBuilder(256);
        for (String column : CRM_COLUMNS) {
            if (row.length() > 0) row.append(',');
            String cell = switch (column) {
                case "source_record_id" -> r.sourceRecordId();
                case "observed_at" -> r.observedAt().toString();
                default -> {
                    JsonNode v = r.profileData().get(column);
                    if (v == null || v.isNull()) yield "";
                    yield v.isContainerNode() ? v.toString() : v.asText();
                }
            };
            row.append(csvCell(cell));
        }
        return row.append("\r\n").toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String csvCell(String cell) {
        boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static void copyResource(String name, Path target) {
        try (InputStream in = DatasetWriter.class.getResourceAsStream("/examples/retail/" + name)) {
            if (in == null) throw new IllegalStateException("the example " + name + " is not packaged in this build");
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
