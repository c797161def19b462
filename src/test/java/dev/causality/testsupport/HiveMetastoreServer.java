package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Hive Metastore 4.0.1 (standalone) on a real PostgreSQL, as the production stack runs it
 * (docker/hive-metastore), both as processes on free loopback ports, for tests.
 * <p>
 * PostgreSQL is the Debian package's (found under /usr/lib/postgresql/N/bin, or POSTGRES_BIN): a
 * cluster of its own in a temp dir, run as the OS user postgres when the tests run as root (it
 * refuses root). The metastore is the {@code hive-standalone-metastore-server:bin} tarball plus the
 * Hadoop 3.3.6 jars (S3A included) it lacks, which Maven copies into target/hive-metastore (profile
 * {@code hms}); it is run with {@code java} directly, since its bin/ scripts need a Hadoop
 * installation ({@code $HADOOP_HOME/bin/hadoop jar}), and on a JDK 17 to 22 (Hadoop 3 breaks on 23+).
 * Its warehouse and the locations of tables are in an {@link S3Server}, read through S3A.
 */
public final class HiveMetastoreServer implements AutoCloseable {

    public static final String VERSION = "4.0.1";
    /** The Hadoop that Maven adds: hadoop-aws and the AWS SDK bundle must match it. */
    static final String HADOOP_VERSION = "3.3.6";
    public static final String DATABASE = "metastore";
    static final String DB_USER = "hive";
    static final String DB_PASSWORD = "hive-test-password";
    /** The OS user PostgreSQL runs as when the tests run as root. */
    static final String POSTGRES_OS_USER = "postgres";

    private final int postgresPort = FreePorts.next();
    private final int port = FreePorts.next();
    private final Path dir;
    private final Path postgresDir;
    private final Path confDir;
    private Process postgres;
    private Process metastore;
    private Duration postgresStartup;
    private Duration schemaInit;
    private Duration metastoreStartup;

    private HiveMetastoreServer() throws IOException {
        dir = Files.createTempDirectory("causality-hms-");
        // the postgres user must reach its own directory inside
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        postgresDir = Files.createDirectories(dir.resolve("postgres"));
        confDir = Files.createDirectories(dir.resolve("conf"));
    }

    /**
     * Starts PostgreSQL, creates the metastore's database and schema, then the metastore with its
     * warehouse in the given bucket of the S3 server, and waits until its Thrift port takes connections.
     */
    public static HiveMetastoreServer start(S3Server s3, String bucket) {
        Path home;
        Path javaHome;
        Path postgresBin;
        try {
            home = home();
            javaHome = javaHome();
            postgresBin = postgresBin();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HiveMetastoreServer server;
        try {
            server = new HiveMetastoreServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.startPostgres(postgresBin);
            server.writeConfiguration(s3, bucket);
            server.initSchema(home, javaHome);
            server.startMetastore(home, javaHome);
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** A Trino Hive catalog on this metastore, reading the lake from the S3 server. */
    public static Map<String, String> trinoCatalog(HiveMetastoreServer hms, S3Server s3) {
        return TrinoServer.hiveCatalogOverS3(s3, Map.of("hive.metastore", "thrift", "hive.metastore.uri", hms.thriftUri()));
    }

    public String thriftUri() {
        return "thrift://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + DATABASE;
    }

    /** The time from initdb to a PostgreSQL that takes connections, with the metastore's database created. */
    public Duration postgresStartup() {
        return postgresStartup;
    }

    /** The time schematool took to create the metastore's tables. */
    public Duration schemaInit() {
        return schemaInit;
    }

    /** The time from starting the metastore's JVM to its Thrift port taking connections. */
    public Duration metastoreStartup() {
        return metastoreStartup;
    }

    /** The resident memory of PostgreSQL in kB: the postmaster and all its processes (shared memory counted in each). */
    public long postgresRssKb() {
        return postgres.toHandle().descendants()
                .mapToLong(child -> rssKb(child.pid())).sum() + rssKb(postgres.pid());
    }

    /** The resident memory of the metastore's JVM in kB. */
    public long metastoreRssKb() {
        return rssKb(metastore.pid());
    }

    /** The proportional set size of PostgreSQL in kB: its processes' shared memory counted once. */
    public long postgresPssKb() {
        return postgres.toHandle().descendants()
                .mapToLong(child -> pssKb(child.pid())).sum() + pssKb(postgres.pid());
    }

    /** Runs a query in the metastore's database (as the PostgreSQL superuser) and returns its rows, unaligned. */
    public String query(String sql) {
        Path bin;
        try {
            bin = postgresBin();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path output = Files.createTempFile(dir, "query-", ".txt");
            return run(new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
                    "-h", postgresDir.toString(), "-p", Integer.toString(postgresPort), "-U", "postgres", "-d", DATABASE,
                    "-v", "ON_ERROR_STOP=1", "-c", sql), output, Duration.ofSeconds(30), "psql").trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ends of PostgreSQL's, schematool's and the metastore's logs. */
    public String log() {
        return "--- postgres.log\n" + tail(dir.resolve("postgres.log")) + "\n--- schematool.log\n"
                + tail(dir.resolve("schematool.log")) + "\n--- metastore.log\n" + tail(dir.resolve("metastore.log"));
    }

    @Override
    public void close() {
        stop(metastore);
        stop(postgres); // SIGTERM: PostgreSQL's smart shutdown, immediate once the metastore is gone
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private void startPostgres(Path bin) throws IOException {
        long started = System.nanoTime();
        if (runningAsRoot()) {
            UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
            try {
                UserPrincipal user = users.lookupPrincipalByName(POSTGRES_OS_USER);
                GroupPrincipal group = users.lookupPrincipalByGroupName(POSTGRES_OS_USER);
                Files.getFileAttributeView(postgresDir, PosixFileAttributeView.class).setOwner(user);
                Files.getFileAttributeView(postgresDir, PosixFileAttributeView.class).setGroup(group);
            } catch (UserPrincipalNotFoundException e) {
                throw new IllegalStateException("PostgreSQL refuses to run as root, and there is no OS user '"
                        + POSTGRES_OS_USER + "' to run it as: install the Debian package postgresql, which creates it");
            }
        }
        Path data = postgresDir.resolve("data");
        run(new ProcessBuilder(asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                "--no-sync"))).directory(postgresDir.toFile()), dir.resolve("initdb.log"), Duration.ofSeconds(120), "initdb");
        postgres = new ProcessBuilder(asPostgresUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(postgresPort),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + postgresDir,
                // a throw-away cluster: durability is not needed, speed is
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=32MB", "-c", "max_connections=50")))
                .directory(postgresDir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile()).start();
        await("PostgreSQL ready on port " + postgresPort).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (!postgres.isAlive()) {
                        throw new IllegalStateException("PostgreSQL exited: " + tail(dir.resolve("postgres.log")));
                    }
                    Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                            "-p", Integer.toString(postgresPort), "-t", "2").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return ready.waitFor(10, TimeUnit.SECONDS) && ready.exitValue() == 0;
                });
        run(new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-h", postgresDir.toString(),
                "-p", Integer.toString(postgresPort), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'",
                "-c", "CREATE DATABASE " + DATABASE + " OWNER " + DB_USER),
                dir.resolve("psql.log"), Duration.ofSeconds(30), "psql (creating the metastore's database)");
        postgresStartup = Duration.ofNanos(System.nanoTime() - started);
    }

    private void writeConfiguration(S3Server s3, String bucket) throws IOException {
        Map<String, String> site = new LinkedHashMap<>();
        site.put("javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver");
        site.put("javax.jdo.option.ConnectionURL", jdbcUrl());
        site.put("javax.jdo.option.ConnectionUserName", DB_USER);
        site.put("javax.jdo.option.ConnectionPassword", DB_PASSWORD);
        site.put("metastore.thrift.uris", thriftUri());
        site.put("metastore.thrift.port", Integer.toString(port));
        site.put("metastore.thrift.bind.host", "127.0.0.1");
        site.put("metastore.warehouse.dir", "s3a://" + bucket + "/warehouse");
        // the schema is schematool's, and checked at start
        site.put("metastore.schema.verification", "true");
        // the defaults name classes of hive-exec, which the standalone metastore lacks
        site.put("metastore.task.threads.always", "org.apache.hadoop.hive.metastore.events.EventCleanerTask");
        site.put("metastore.expression.proxy", "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy");
        // S3A on the S3 server, for s3a:// and (as Trino and Causality name the lake) s3:// locations
        site.put("fs.s3a.endpoint", s3.endpoint());
        site.put("fs.s3a.endpoint.region", "us-east-1");
        site.put("fs.s3a.path.style.access", "true");
        site.put("fs.s3a.connection.ssl.enabled", "false");
        site.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        site.put("fs.s3a.access.key", S3Server.ACCESS_KEY);
        site.put("fs.s3a.secret.key", S3Server.SECRET_KEY);
        site.put("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        site.put("fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n");
        site.forEach((name, value) -> xml.append("  <property><name>").append(escape(name)).append("</name><value>")
                .append(escape(value)).append("</value></property>\n"));
        xml.append("</configuration>\n");
        Files.writeString(confDir.resolve("metastore-site.xml"), xml);
        // the tarball's log4j2 configuration scans jars for plugins (seconds) and logs to /tmp/$USER
        Files.writeString(confDir.resolve("metastore-log4j2.properties"), String.join("\n",
                "status = WARN",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{ISO8601} %5p [%t] %c{2}: %m%n",
                "logger.DataNucleus.name = DataNucleus",
                "logger.DataNucleus.level = ERROR",
                "logger.Datastore.name = Datastore",
                "logger.Datastore.level = ERROR",
                // the start and what goes wrong, not every call
                "logger.HiveMetaStore.name = org.apache.hadoop.hive.metastore.HiveMetaStore",
                "logger.HiveMetaStore.level = INFO",
                "logger.audit.name = org.apache.hadoop.hive.metastore.HiveMetaStore.audit",
                "logger.audit.level = WARN",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = console",
                ""));
    }

    private void initSchema(Path home, Path javaHome) throws IOException {
        long started = System.nanoTime();
        List<String> command = java(home, javaHome, "-XX:TieredStopAtLevel=1",
                "org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool");
        command.addAll(List.of("-dbType", "postgres", "-initSchema"));
        run(metastoreEnvironment(new ProcessBuilder(command), home, javaHome), dir.resolve("schematool.log"),
                Duration.ofSeconds(300), "schematool -initSchema");
        schemaInit = Duration.ofNanos(System.nanoTime() - started);
    }

    private void startMetastore(Path home, Path javaHome) throws IOException {
        long started = System.nanoTime();
        metastore = metastoreEnvironment(new ProcessBuilder(java(home, javaHome, "-Xmx512m",
                "org.apache.hadoop.hive.metastore.HiveMetaStore")), home, javaHome)
                .redirectErrorStream(true).redirectOutput(dir.resolve("metastore.log").toFile()).start();
        await("Hive Metastore ready on port " + port).atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                .until(() -> {
                    if (!metastore.isAlive()) {
                        throw new IllegalStateException("Hive Metastore exited: " + tail(dir.resolve("metastore.log")));
                    }
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                        return true;
                    }
                });
        metastoreStartup = Duration.ofNanos(System.nanoTime() - started);
    }

    /** A java command line for a main class of the metastore: its configuration, then the jars Maven added, then its own. */
    private List<String> java(Path home, Path javaHome, String option, String mainClass) throws IOException {
        List<String> classpath = new ArrayList<>();
        classpath.add(confDir.toAbsolutePath().toString());
        List<Path> added = jars(home.getParent().resolve("lib"));
        boolean driverAdded = added.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("postgresql-"));
        added.forEach(jar -> classpath.add(jar.toAbsolutePath().toString()));
        for (Path jar : jars(home.resolve("lib"))) {
            // the tarball's own (older) PostgreSQL driver gives way to the one Maven added
            if (!(driverAdded && jar.getFileName().toString().startsWith("postgresql-"))) {
                classpath.add(jar.toAbsolutePath().toString());
            }
        }
        return new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(), option,
                "-Dlog4j.configurationFile=" + confDir.resolve("metastore-log4j2.properties").toAbsolutePath(),
                "-cp", String.join(":", classpath), mainClass));
    }

    private ProcessBuilder metastoreEnvironment(ProcessBuilder builder, Path home, Path javaHome) {
        // schematool finds its SQL scripts under METASTORE_HOME; MetastoreConf reads METASTORE_CONF_DIR
        builder.environment().put("METASTORE_HOME", home.toAbsolutePath().toString());
        builder.environment().put("METASTORE_CONF_DIR", confDir.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        return builder.directory(dir.toFile());
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** The unpacked metastore, unpacked once from the tarball Maven downloaded (with the system tar: hard links). */
    static synchronized Path home() throws IOException {
        Path downloads = Path.of("target", "hive-metastore");
        Path home = downloads.resolve("apache-hive-metastore-" + VERSION + "-bin");
        Path tarball = downloads.resolve("hive-standalone-metastore-server-" + VERSION + "-bin.tar.gz");
        Path lib = downloads.resolve("lib");
        if (!Files.isRegularFile(tarball) || !Files.isRegularFile(lib.resolve("hadoop-common-" + HADOOP_VERSION + ".jar"))
                || !Files.isRegularFile(lib.resolve("hadoop-aws-" + HADOOP_VERSION + ".jar"))) {
            throw new IllegalStateException("Hive Metastore " + VERSION + " and the Hadoop " + HADOOP_VERSION
                    + " jars it needs are not in "
                    + downloads.toAbsolutePath() + ": run the check with 'mvn verify -Phms', whose pre-integration-test "
                    + "phase downloads them");
        }
        Path marker = home.resolve(".unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        run(new ProcessBuilder("tar", "xzf", tarball.getFileName().toString()).directory(downloads.toFile()),
                downloads.resolve("tar.log"), Duration.ofSeconds(120), "tar xzf " + tarball);
        Files.createFile(marker);
        return home;
    }

    /** The bin directory of PostgreSQL: POSTGRES_BIN, else the newest under /usr/lib/postgresql (Debian's layout). */
    static Path postgresBin() throws IOException {
        String configured = System.getenv("POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> bins = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"))
                                && Files.isExecutable(bin.resolve("psql")) && Files.isExecutable(bin.resolve("pg_isready")))
                        .sorted(Comparator.comparingInt(HiveMetastoreServer::majorVersion).reversed()).toList();
                if (!bins.isEmpty()) {
                    return bins.get(0);
                }
            }
        }
        throw new IllegalStateException("PostgreSQL (initdb, postgres, psql, pg_isready) not found under "
                + root + "/*/bin: install the Debian package postgresql (apt-get install -y postgresql; its service "
                + "need not run) or set POSTGRES_BIN");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A JDK for Hadoop 3.3 (17 to 22): HMS_JAVA_HOME, else this JVM's, else one under /usr/lib/jvm. */
    static Path javaHome() {
        String configured = System.getenv("HMS_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        int own = Runtime.version().feature();
        if (own >= 17 && own <= 22) {
            return Path.of(System.getProperty("java.home"));
        }
        List<String> seen = new ArrayList<>();
        seen.add(System.getProperty("java.home") + " (" + own + ")");
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path jvm : jvms.sorted(Comparator.reverseOrder()).toList()) {
                int version = TestProcesses.javaFeatureVersion(jvm);
                seen.add(jvm.getFileName() + " (" + version + ")");
                if (version >= 17 && version <= 22 && Files.isExecutable(jvm.resolve("bin").resolve("java"))) {
                    return jvm;
                }
            }
        } catch (IOException e) {
            // no /usr/lib/jvm: fall through to the message
        }
        throw new IllegalStateException("Hive Metastore " + VERSION + " needs a JDK 17 to 22 (Hadoop 3.3 breaks on 23+); "
                + "found " + seen + ". Install one (e.g. openjdk-17-jdk-headless) or set HMS_JAVA_HOME");
    }


    private static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** PostgreSQL refuses to run as root: then the command runs as the postgres user, through setpriv (util-linux). */
    private static List<String> asPostgresUser(List<String> command) throws IOException {
        if (!runningAsRoot()) {
            return command;
        }
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("running as root, PostgreSQL must be "
                        + "started as the user " + POSTGRES_OS_USER + " with setpriv, which is missing: install the "
                        + "Debian package util-linux"));
        List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + POSTGRES_OS_USER,
                "--regid=" + POSTGRES_OS_USER, "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs a command to its end, its output to the log; fails with the log's end unless it exits 0. */
    private static String run(ProcessBuilder command, Path log, Duration timeout, String what) {
        try {
            Process process = command.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(what + " did not finish within " + timeout + ": " + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue() + ": " + tail(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + " (" + command.command().get(0) + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long rssKb(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    private static long pssKb(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    }

    /** A kB figure of a /proc file, 0 when the process is gone. */
    private static long procField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 8000 ? text : "..." + text.substring(text.length() - 8000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
