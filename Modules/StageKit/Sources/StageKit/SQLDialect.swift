/// How a database backend writes what SQLite and PostgreSQL spell differently, for SQL that has no
/// portable form.
///
/// Stage code asks the database it was given (`SQLDatabase.dialect`) and builds the expression
/// there; everything else it writes stays portable SQL. Each function takes SQL expressions (text
/// put into the statement, never user input) and returns one.
public struct SQLDialect: Sendable, Equatable, CustomStringConvertible {
    /// The backend's name: `sqlite` or `postgresql`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// SQLite, Funnel's embedded default.
    public static let sqlite = SQLDialect("sqlite")
    /// PostgreSQL, for a team's shared database.
    public static let postgresql = SQLDialect("postgresql")

    /// The backend's name, as `name`.
    public var description: String { name }

    /// Whole seconds since 1970-01-01 00:00 UTC of a day or timestamp stored as ISO 8601 text
    /// (`2026-01-31`, `2026-01-31T09:00:00Z`, as Funnel stores them); NULL for NULL.
    public func epochSeconds(_ timestamp: String) -> String {
        // A timestamp without time zone ignores the stored `Z`: its epoch is the UTC one.
        self == .postgresql ? "CAST(extract(epoch FROM CAST(\(timestamp) AS timestamp)) AS BIGINT)" : "unixepoch(\(timestamp))"
    }
}

extension SQLDialect {
    /// The values of a group as one text, `separator` between them (NULLs left out; NULL when all
    /// are): `group_concat` on SQLite, `string_agg` on PostgreSQL. The order is `orderedBy`'s where
    /// the backend takes one (PostgreSQL); SQLite joins rows in the order they reach the aggregate,
    /// so give it the rows sorted the same way (a sorted subquery) too.
    public func stringAggregate(_ value: String, separator: String, orderedBy: String? = nil) -> String {
        let quoted = "'" + separator.replacing("'", with: "''") + "'"
        if self == .postgresql {
            return "string_agg(CAST(\(value) AS TEXT), \(quoted)\(orderedBy.map { " ORDER BY \($0)" } ?? ""))"
        }
        return "group_concat(\(value), \(quoted))"
    }
}

extension SQLDialect {
    /// The text of `key` in a JSON object stored as text (`payload` of the journal): `json_extract`
    /// on SQLite, `->>` on PostgreSQL; NULL when the key is absent. Compare it with text.
    public func jsonText(_ json: String, key: String) -> String {
        let escaped = key.replacing("'", with: "''")
        if self == .postgresql { return "(CAST(\(json) AS jsonb) ->> '\(escaped)')" }
        return "CAST(json_extract(\(json), '$.\(escaped)') AS TEXT)"
    }

    /// The month (`2026-01`) of a day or timestamp stored as ISO 8601 text; NULL for NULL.
    public func month(_ timestamp: String) -> String {
        self == .postgresql ? "to_char(CAST(\(timestamp) AS timestamp), 'YYYY-MM')" : "strftime('%Y-%m', \(timestamp))"
    }

    /// A day or timestamp stored as ISO 8601 text moved by whole days, as text (`2026-03-02
    /// 09:00:00`, the form SQLite's `datetime` gives); NULL for NULL.
    public func addingDays(_ days: Int, to timestamp: String) -> String {
        if self == .postgresql {
            return "to_char(CAST(\(timestamp) AS timestamp) + interval '\(days) days', 'YYYY-MM-DD HH24:MI:SS')"
        }
        return "datetime(\(timestamp), '\(days >= 0 ? "+" : "")\(days) days')"
    }

    /// The collation clause that compares text ignoring case (`name = ? \(caseInsensitive)`):
    /// `COLLATE NOCASE` on SQLite (ASCII letters), `COLLATE funnel_nocase` on PostgreSQL (ICU, every
    /// script; `PostgresSchema` makes the collation).
    public var caseInsensitive: String { self == .postgresql ? "COLLATE funnel_nocase" : "COLLATE NOCASE" }

    /// Where `needle` first occurs in `text`, counting characters from 1; 0 when it does not (`instr`
    /// on SQLite, `strpos` on PostgreSQL).
    public func position(of needle: String, in text: String) -> String {
        self == .postgresql ? "strpos(\(text), \(needle))" : "instr(\(text), \(needle))"
    }
}
