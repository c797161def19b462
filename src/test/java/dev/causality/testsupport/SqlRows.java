package dev.causality.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every row of a query, each as the list of its column values: for asserting on SQL results. */
public final class SqlRows {

    private SqlRows() {
    }

    public static List<List<Object>> of(Connection sql, String query) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = sql.createStatement(); ResultSet result = statement.executeQuery(query)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
