package dev.causality.query;

import dev.causality.lake.HivePartition;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps Trino's view of the lake current, in the background: creates the events table when it is
 * missing, adds the columns a table of an earlier version lacks, registers each partition the sink writes a file to, and syncs all partitions
 * periodically as a safety net. A failure never blocks or loses a write: it is logged and retried.
 */
public class PartitionRegistrar extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRegistrar.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final String jdbcUrl;
    private final String user;
    private final EventsTable table;
    private final Duration syncInterval;
    private final Set<HivePartition> registered = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<HivePartition> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread worker;
    private Connection connection;

    /** @param trinoUrl Trino's HTTP address, e.g. {@code http://trino:8080} */
    public PartitionRegistrar(String trinoUrl, String user, EventsTable table, Duration syncInterval) {
        this.jdbcUrl = "jdbc:trino://" + trinoUrl.replaceFirst("^https?://", "").replaceAll("/+$", "");
        this.user = user;
        this.table = table;
        this.syncInterval = syncInterval;
    }

    /** Notes that a file was written to this partition; registers it soon if it is new. Never blocks. */
    public void written(HivePartition partition) {
        if (!registered.contains(partition)) {
            queue.offer(partition);
        }
    }

    @Override
    protected void doStart() {
        running = true;
        worker = new Thread(this::run, "trino-partitions");
        worker.setDaemon(true);
        worker.start();
        LOG.info("Registering lake partitions in Trino table {} at {} (location {})", table.qualifiedName(), jdbcUrl,
                table.location());
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(Duration.ofSeconds(5).toMillis());
        }
        closeConnection();
    }

    private void run() {
        boolean tableReady = false;
        long nextSync = 0;
        while (running) {
            try {
                if (!tableReady) {
                    execute(table.createSchema());
                    execute(table.createTable());
                    addMissingColumns();
                    LOG.info("Trino table {} is in place", table.qualifiedName());
                    tableReady = true;
                }
                if (System.nanoTime() - nextSync >= 0) {
                    execute(table.syncPartitions());
                    nextSync = System.nanoTime() + syncInterval.toNanos();
                }
                HivePartition partition = queue.poll(1, TimeUnit.SECONDS);
                if (partition != null && !registered.contains(partition)) {
                    register(partition);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Trino registration failed ({}); retrying in {}s", e.getMessage(), RETRY.toSeconds());
                closeConnection();
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** The table evolves in place: columns appended since it was created are added to it, nothing rewritten. */
    private void addMissingColumns() throws SQLException {
        Set<String> existing = new HashSet<>();
        try (Statement statement = connection().createStatement();
             ResultSet columns = statement.executeQuery(table.listColumns())) {
            while (columns.next()) {
                existing.add(columns.getString(1));
            }
        }
        for (String addColumn : table.addMissingColumns(existing)) {
            execute(addColumn);
            LOG.info("Trino table {}: {}", table.qualifiedName(), addColumn);
        }
    }

    private void register(HivePartition partition) throws SQLException {
        try {
            execute(table.registerPartition(partition));
            LOG.info("Registered partition {} in {}", partition.path(), table.qualifiedName());
        } catch (SQLException e) {
            // Trino: "Partition [...] is already registered with location ..." (e.g. after a sync)
            if (e.getMessage() == null || !(e.getMessage().contains("already registered")
                    || e.getMessage().contains("already exists"))) {
                queue.offer(partition); // try again after the pause
                throw e;
            }
        }
        registered.add(partition);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            connection = DriverManager.getConnection(jdbcUrl, properties);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the Trino connection: {}", e.toString());
            }
            connection = null;
        }
    }

    private boolean pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
