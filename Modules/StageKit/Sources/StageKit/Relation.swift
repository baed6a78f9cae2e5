#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// Stored rows described but not read: a table (or view) of the database, how each column is read,
/// and the filters, order, limit and projection gathered so far. The shell turns `where`, `sort-by`,
/// `first`, `skip`, `select` and `count` on a relation into SQL, so `lead list | where budget > 1000 |
/// count` reads one number instead of every lead. Reading it (`rows(in:)`) gives ordinary records.
@frozen public struct Relation: Sendable, Equatable {
    /// How one column is stored.
    @frozen public enum ColumnKind: Sendable, Equatable {
        case integer(String)
        case text(String)
        case bool(String)
        /// Integer minor units and a currency code column.
        case money(minor: String, currency: String)
        /// An ISO date or timestamp in text.
        case date(String)
        case id(EntityKind, String)
        /// An exact decimal stored as an integer of 10^-places (a custom `decimal` field).
        case decimal(String, places: Int)
    }

    public struct Column: Sendable, Equatable {
        public let name: String
        public let kind: ColumnKind
        /// For a value kept in another table (a custom field): how a filter on it reads as a set of
        /// the rows' ids, which SQL answers from that table's index instead of one lookup per row.
        public let lookup: Lookup?

        public init(_ name: String, _ kind: ColumnKind) {
            self.name = name
            self.kind = kind
            self.lookup = nil
        }

        /// A column whose value lives in another table, found through `lookup`.
        public init(_ name: String, _ kind: ColumnKind, lookup: Lookup?) {
            self.name = name
            self.kind = kind
            self.lookup = lookup
        }

        /// The SQL expressions that hold this column.
        public var sqlColumns: [String] {
            switch kind {
            case .integer(let c), .text(let c), .bool(let c), .date(let c), .id(_, let c), .decimal(let c, _): return [c]
            case .money(let minor, let currency): return [minor, currency]
            }
        }
    }

    /// Where a column's values live when they are not in the relation's own table: `rows` selects the
    /// ids (`key` of the relation) that have a value, one per id, and `value` names that value in it.
    /// A filter `value > ?` becomes `key IN (rows AND value > ?)`.
    public struct Lookup: Sendable, Equatable {
        /// The relation's column holding the ids, e.g. `id`.
        public let key: String
        /// `SELECT record FROM ... WHERE ...`: the ids that have a value.
        public let rows: String
        /// The value's column in `rows`.
        public let value: String
        /// For money, the currency's column in `rows`.
        public let currency: String?

        public init(key: String, rows: String, value: String, currency: String? = nil) {
            self.key = key
            self.rows = rows
            self.value = value
            self.currency = currency
        }

        /// The ids whose value meets `condition` (written on `value`), as a condition on the relation.
        public func having(_ condition: String, _ arguments: [SQLValue] = [], negated: Bool = false) -> Fragment {
            Fragment("\(key) \(negated ? "NOT IN" : "IN") (\(rows) AND \(condition))", arguments)
        }
    }

    /// A piece of SQL with its bound arguments.
    public struct Fragment: Sendable, Equatable {
        public let sql: String
        public let arguments: [SQLValue]
        public init(_ sql: String, _ arguments: [SQLValue] = []) {
            self.sql = sql
            self.arguments = arguments
        }

        /// `column` is one of `ids`: a range when they are consecutive (a batch of a whole table,
        /// read in id order), which SQLite answers without building the list `IN (?, ?, ...)` needs;
        /// FALSE when there are none (PostgreSQL refuses an empty `IN ()`).
        public static func among(_ column: String, _ ids: [Int64]) -> Fragment {
            if ids.isEmpty { return Fragment("FALSE") }
            if let first = ids.first, let last = ids.last, last >= first, last - first == Int64(ids.count - 1),
               zip(ids, ids.dropFirst()).allSatisfy({ $0 + 1 == $1 }) {
                return Fragment("\(column) BETWEEN ? AND ?", [.integer(first), .integer(last)])
            }
            return Fragment("\(column) IN (\(ids.map { _ in "?" }.joined(separator: ", ")))", ids.map(SQLValue.integer))
        }
    }

    /// The table or view, e.g. `leads`.
    public let source: String
    public let columns: [Column]
    public var conditions: [Fragment] = []
    public var ordering: [Fragment] = []
    public var limit: Int64?
    public var offset: Int64?
    /// The columns to keep, in order; all when `nil`.
    public var selection: [String]?

    /// - Parameter order: the SQL order rows come in when nothing else sorts them (e.g. `id`).
    public init(source: String, columns: [Column], conditions: [Fragment] = [], order: String? = nil) {
        self.source = source
        self.columns = columns
        self.conditions = conditions
        self.ordering = order.map { [Fragment($0)] } ?? []
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The column names rows will have.
    public var visibleColumns: [String] { selection ?? columns.map(\.name) }

    private var filterSQL: (String, [SQLValue]) {
        var sql = " FROM \(source)"
        var arguments: [SQLValue] = []
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.map { "(\($0.sql))" }.joined(separator: " AND ")
            arguments += conditions.flatMap(\.arguments)
        }
        return (sql, arguments)
    }

    /// The query that reads the rows, and its arguments.
    public var selectSQL: (String, [SQLValue]) {
        let sqlColumns = visibleColumns.compactMap(column(named:)).flatMap(\.sqlColumns)
        var (sql, arguments) = filterSQL
        if !ordering.isEmpty {
            sql += " ORDER BY " + ordering.map(\.sql).joined(separator: ", ")
            arguments += ordering.flatMap(\.arguments)
        }
        sql += pagingSQL
        return ("SELECT " + (sqlColumns.isEmpty ? "1" : sqlColumns.joined(separator: ", ")) + sql, arguments)
    }

    /// The rows, read now.
    public func rows(in database: any SQLDatabase) throws -> [Record] {
        let wanted = visibleColumns.compactMap(column(named:))
        let (select, arguments) = selectSQL
        return try database.query(select, arguments).map { row in
            var fields: [(String, Value)] = []
            var position = 0
            for column in wanted {
                fields.append((column.name, Relation.decode(column.kind, row.values, at: position)))
                position += column.sqlColumns.count
            }
            return Record(fields)
        }
    }

    /// One integer column of every row (e.g. the ids), read without building records.
    public func integers(_ name: String, in database: any SQLDatabase) throws -> [Int64] {
        guard let column = column(named: name), column.sqlColumns.count == 1 else { return [] }
        var narrowed = self
        narrowed.selection = [name]
        let (sql, arguments) = narrowed.selectSQL
        _ = column
        return try database.query(sql, arguments).compactMap { $0.values.first.flatMap { if case .integer(let i) = $0 { i } else { nil } } }
    }

    /// How many rows there are, counted by the database.
    public func count(in database: any SQLDatabase) throws -> Int64 {
        var (sql, arguments) = filterSQL
        if limit != nil || offset != nil {
            var ordered = sql
            if !ordering.isEmpty {
                ordered += " ORDER BY " + ordering.map(\.sql).joined(separator: ", ")
                arguments += ordering.flatMap(\.arguments)
            }
            sql = "SELECT count(*) AS n FROM (SELECT 1" + ordered + pagingSQL + ") AS paged"
        } else {
            sql = "SELECT count(*) AS n" + sql
        }
        return try database.query(sql, arguments).first?.integer("n") ?? 0
    }

    private var pagingSQL: String {
        var sql = ""
        if let limit { sql += " LIMIT \(limit)" }
        // SQLite needs a LIMIT before an OFFSET; the largest 64-bit integer is "no limit" in PostgreSQL too (-1 is an error there).
        if let offset { sql += (limit == nil ? " LIMIT 9223372036854775807" : "") + " OFFSET \(offset)" }
        return sql
    }

    static func decode(_ kind: ColumnKind, _ values: [SQLValue], at position: Int) -> Value {
        guard position < values.count else { return .null }
        let value = values[position]
        switch (kind, value) {
        case (_, .null): return .null
        case (.integer, .integer(let i)): return .int(i)
        case (.bool, .integer(let i)): return .bool(i != 0)
        case (.text, .text(let s)): return .string(s)
        case (.text, .integer(let i)): return .string(String(i))
        case (.money, .integer(let minor)):
            let code: String? = if case .text(let c)? = values[safe: position + 1] { c } else { nil }
            return .money(Money(minorUnits: minor, currency: code.flatMap(Currency.init(code:)) ?? .cny))
        case (.date, .text(let s)): return (try? Day.parse(s)).map(Value.date) ?? .string(s)
        case (.id(let kind, _), .integer(let n)): return .id(EntityID(kind, n))
        case (.decimal(_, let places), .integer(let scaled)):
            return .decimal(Decimal(scaled) / Decimal(sign: .plus, exponent: places, significand: 1))
        case (_, .integer(let i)): return .int(i)
        case (_, .text(let s)): return .string(s)
        case (_, .real(let d)): return .string(String(d))
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}
