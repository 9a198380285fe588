package io.onefold.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A bound query's rows, each mapped: the first one, or all in the query's order. */
public final class Rows {
    private Rows() {}

    /** One row of a result. */
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static <T> Optional<T> first(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    public static <T> List<T> all(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(mapper.map(rs));
        }
        return out;
    }
}
