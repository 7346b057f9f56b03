package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration step that lets a later release open an older data directory. */
class SchemaMigrationsIT {

    @TempDir
    Path dir;

    private static final List<SchemaMigrations.Migration> V1 = List.of(
            new SchemaMigrations.Migration(1, List.of("CREATE TABLE t (a INTEGER)", "INSERT INTO t VALUES (1)")));
    private static final List<SchemaMigrations.Migration> V2 = List.of(V1.get(0),
            new SchemaMigrations.Migration(2, List.of("ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7")));

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db"));
    }

    @Test
    void aLaterReleaseUpgradesAnOlderDirectoryKeepingItsData() throws SQLException {
        try (Connection c = connect()) {
            assertThat(SchemaMigrations.migrate(c, "db", V1)).as("a new database starts at version 0").isZero();
        }
        try (Connection c = connect()) {
            assertThat(SchemaMigrations.migrate(c, "db", V2)).as("found at version 1").isEqualTo(1);
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(2);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT a, b FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(7);
            }
            assertThat(SchemaMigrations.migrate(c, "db", V2)).as("migrating again does nothing").isEqualTo(2);
        }
    }

    @Test
    void aFailingMigrationLeavesTheDirectoryAtItsLastGoodVersion() throws SQLException {
        List<SchemaMigrations.Migration> broken = List.of(V1.get(0),
                new SchemaMigrations.Migration(2, List.of("ALTER TABLE t ADD COLUMN c INTEGER", "THIS IS NOT SQL")));
        try (Connection c = connect()) {
            SchemaMigrations.migrate(c, "db", V1);
            assertThatThrownBy(() -> SchemaMigrations.migrate(c, "db", broken)).isInstanceOf(SQLException.class);
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(1);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(t)")) {
                int columns = 0;
                while (rs.next()) {
                    columns++;
                }
                assertThat(columns).as("the half-applied step was rolled back").isEqualTo(1);
            }
        }
    }

    @Test
    void theShippedSchemaIsAtTheLatestVersionAfterOpening() throws SQLException {
        try (Connection c = connect()) {
            SchemaMigrations.migrate(c, "db");
            assertThat(SchemaMigrations.userVersion(c)).isEqualTo(SchemaMigrations.LATEST);
        }
    }
}
