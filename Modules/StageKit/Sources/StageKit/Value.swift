#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A value flowing through the shell: scalars, ids, money, dates, and records and tables of them.
@frozen public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case money(Money)
    case date(Date)
    case id(EntityID)
    case list([Value])
    case record(Record)
    case table(Table)
    /// An exact decimal number (`12.50`), never binary floating point.
    case decimal(Decimal)
    /// A length of time in seconds (`30day`).
    case duration(Int64)
    /// Integers from the first to the second, both included (`1..10`).
    case range(Int64, Int64)
    /// A block of code the shell can run (`{ |x| ... }`); opaque to stages.
    case closure(OpaqueClosure)
    /// Stored rows not read yet: filters, sorts and counts on it run as SQL (see `Relation`).
    case relation(Relation)
    /// A length of calendar time in whole months (`1month`, `1year` is 12): added to a date it moves
    /// the month and keeps the day, or takes the month's last day when the month is shorter.
    case months(Int64)

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "nothing"
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .money: return "money"
        case .date: return "date"
        case .id: return "id"
        case .list: return "list"
        case .record: return "record"
        case .table: return "table"
        case .decimal: return "decimal"
        case .duration: return "duration"
        case .range: return "range"
        case .closure: return "closure"
        case .relation: return "table"
        case .months: return "calendar duration"
        }
    }

    /// The value as one line of plain text, as a table cell or a CSV field shows it.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .money(let m): return m.formatted
        case .date(let d): return Day.isWholeDay(d) ? Day.format(d) : Day.formatTimestamp(d)
        case .id(let id): return id.description
        case .list(let items): return items.map(\.plainText).joined(separator: ", ")
        case .record(let r): return "{" + r.fields.map { "\($0.name): \($0.value.plainText)" }.joined(separator: ", ") + "}"
        case .table(let t): return "[table \(t.rows.count) rows]"
        case .decimal(let d): return d.description
        case .duration(let seconds): return Value.describeDuration(seconds)
        case .range(let a, let b): return "\(a)..\(b)"
        case .closure: return "<closure>"
        case .relation(let r): return "[\(r.source) rows]"
        case .months(let count): return Value.describeMonths(count)
        }
    }

    /// `30day`, `2day 4hr`, `90sec`: the largest units that divide the duration.
    public static func describeDuration(_ seconds: Int64) -> String {
        if seconds == 0 { return "0sec" }
        var rest = seconds.magnitude
        var parts: [String] = []
        for (unit, size) in [("day", UInt64(86_400)), ("hr", 3600), ("min", 60), ("sec", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return (seconds < 0 ? "-" : "") + parts.joined(separator: " ")
    }

    /// `1month`, `1year`, `1year 6month`: whole years, then the months left over.
    public static func describeMonths(_ count: Int64) -> String {
        let years = count.magnitude / 12, months = count.magnitude % 12
        var parts: [String] = []
        if years > 0 { parts.append("\(years)year") }
        if months > 0 || years == 0 { parts.append("\(months)month") }
        return (count < 0 ? "-" : "") + parts.joined(separator: " ")
    }

    /// The rows when the value is a table, a list of records, or one record.
    public var rows: [Record]? {
        switch self {
        case .table(let t): return t.rows
        case .record(let r): return [r]
        case .list(let items):
            var result: [Record] = []
            for item in items {
                guard case .record(let r) = item else { return nil }
                result.append(r)
            }
            return result
        default: return nil
        }
    }
}

/// A closure the shell made; stages only pass it along. Compared by identity.
public final class OpaqueClosure: @unchecked Sendable, Equatable {
    // @unchecked: the payload is the engine's immutable compiled closure.
    public let payload: AnyObject

    public init(_ payload: AnyObject) { self.payload = payload }

    public static func == (a: OpaqueClosure, b: OpaqueClosure) -> Bool { a === b }
}

/// An ordered set of named fields.
@frozen public struct Record: Sendable, Equatable {
    @frozen public struct Field: Sendable, Equatable {
        public var name: String
        public var value: Value
    }

    public private(set) var fields: [Field]

    public init(_ fields: [(String, Value)] = []) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> Value? {
        get { fields.first(where: { $0.name == name })?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    public var names: [String] { fields.map(\.name) }
}

/// Rows of records with a column order; rows may lack columns (shown empty).
@frozen public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [Record]

    public init(columns: [String], rows: [Record]) {
        self.columns = columns
        self.rows = rows
    }

    /// A table whose columns are the union of the rows' fields, in first-seen order.
    public init(rows: [Record]) {
        var seen = Set<String>()
        var columns: [String] = []
        var previous: [Record.Field] = []
        for row in rows {
            // Rows usually have the fields of the row before (JSON answers, CSV): nothing new to see.
            if row.fields.count == previous.count, zip(row.fields, previous).allSatisfy({ $0.name == $1.name }) { continue }
            for field in row.fields where seen.insert(field.name).inserted { columns.append(field.name) }
            previous = row.fields
        }
        self.init(columns: columns, rows: rows)
    }
}
