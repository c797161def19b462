package dev.causality.bench;

import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures: each a median of rounds with min and max, beside its ceiling. */
final class Report {

    /** One measured figure; {@code ceiling} names another figure this one is a ratio of, if any. */
    record Figure(String key, String label, String unit, List<Double> rounds, String ceiling, String target) {

        double median() {
            List<Double> sorted = rounds.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return rounds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return rounds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    static double medianOf(List<Double> values) {
        return new Figure("", "", "", values, null, null).median();
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, String> context = new LinkedHashMap<>();

    void context(String key, String value) {
        context.put(key, value);
    }

    void add(String key, String label, String unit, List<Double> rounds, String ceiling, String target) {
        figures.put(key, new Figure(key, label, unit, List.copyOf(rounds), ceiling, target));
    }

    void add(String key, String label, String unit, double value) {
        add(key, label, unit, List.of(value), null, null);
    }

    Double ratio(Figure figure) {
        if (figure.ceiling() == null || !figures.containsKey(figure.ceiling())) {
            return null;
        }
        return figure.median() / figures.get(figure.ceiling()).median();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-58s %14s %14s %14s  %-14s %s%n", "figure", "median", "min", "max",
                "unit", "vs ceiling"));
        for (Figure f : figures.values()) {
            Double ratio = ratio(f);
            out.append(String.format(Locale.ROOT, "%-58s %14s %14s %14s  %-14s %s%n", f.label(), number(f.median()),
                    number(f.min()), number(f.max()), f.unit(),
                    ratio == null ? "" : String.format(Locale.ROOT, "%.2fx of %s%s", ratio, f.ceiling(),
                            f.target() == null ? "" : " (target " + f.target() + ")")));
        }
        out.append(System.lineSeparator()).append(contextLines()); // the run's context too, as in benchmark.md
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| figure | median | min | max | unit | vs ceiling |\n|---|---:|---:|---:|---|---|\n");
        for (Figure f : figures.values()) {
            Double ratio = ratio(f);
            out.append("| ").append(f.label()).append(" | ").append(number(f.median())).append(" | ")
                    .append(number(f.min())).append(" | ").append(number(f.max())).append(" | ").append(f.unit())
                    .append(" | ").append(ratio == null ? "" : String.format(Locale.ROOT, "%.2fx of `%s`%s", ratio,
                            f.ceiling(), f.target() == null ? "" : " (target " + f.target() + ")"))
                    .append(" |\n");
        }
        out.append("\n").append(contextLines());
        return out.toString();
    }

    /** The run's context, a line each: "- key: value". */
    private String contextLines() {
        StringBuilder out = new StringBuilder();
        context.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append("\n"));
        return out.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("context", context);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Figure f : figures.values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", f.key());
            item.put("label", f.label());
            item.put("unit", f.unit());
            item.put("median", f.median());
            item.put("min", f.min());
            item.put("max", f.max());
            item.put("rounds", f.rounds());
            item.put("ceiling", f.ceiling());
            item.put("ratio_to_ceiling", ratio(f));
            item.put("target", f.target());
            list.add(item);
        }
        json.put("figures", list);
        Files.writeString(dir.resolve("benchmark.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().serializeNulls().create().toJson(json));
        Files.writeString(dir.resolve("benchmark.md"), markdown());
    }

    Map<String, Figure> figures() {
        return figures;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
