#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// One named aggregate of `group-by --aggregate` or `aggregate`: `won: 'sum value'`, `n: count`.
struct AggregateSpec {
    enum Function: String, CaseIterable { case sum, count, avg, min, max }

    let name: String
    let function: Function
    /// The column it reads; `nil` only for `count` (the rows).
    let column: String?

    /// The aggregates a record names, each value `'FUNCTION COLUMN'` (or `[FUNCTION COLUMN]`), or `count`.
    static func parse(_ value: Value, argument: String) throws -> [AggregateSpec] {
        guard case .record(let record) = value, !record.fields.isEmpty else {
            throw CommandError("expected a record of aggregates, e.g. {won: 'sum value', n: count}", argument: argument)
        }
        return try record.fields.map { field in
            let words: [String]
            switch field.value {
            // The column is the rest of the text, spaces and all: `'max days overdue'`.
            case .string(let text): words = text.trimmingSpaces.split(separator: " ", maxSplits: 1).map(String.init)
            case .list(let items): words = items.map(\.plainText)
            default: words = []
            }
            let functions = Function.allCases.map(\.rawValue)
            guard let first = words.first, let function = Function(rawValue: first) else {
                throw CommandError("\(field.name): \"\(field.value.plainText)\" is not an aggregate", argument: argument,
                                   hint: "write FUNCTION COLUMN with one of " + functions.joined(separator: ", ") + ", e.g. 'sum value'")
            }
            guard words.count <= 2, function == .count || words.count == 2 else {
                throw CommandError("\(field.name): \(first) needs one column, e.g. '\(first) value'", argument: argument)
            }
            return AggregateSpec(name: field.name, function: function, column: words.count == 2 ? words[1] : nil)
        }
    }

    /// The aggregate of one group's rows. Amounts are never added across currencies: with several
    /// currencies the result is a list, one value per currency in code order.
    func value(of rows: [Record]) throws -> Value {
        guard let column else { return .int(Int64(rows.count)) }
        let values = rows.compactMap { $0[column] }.filter { $0 != .null }
        if function == .count { return .int(Int64(values.count)) }
        var byCurrency: [String: [Value]] = [:]
        for case .money(let money) in values { byCurrency[money.currency.code, default: []].append(.money(money)) }
        if byCurrency.count > 1, byCurrency.values.reduce(0, { $0 + $1.count }) == values.count {
            return .list(try byCurrency.keys.sorted().map { try reduce(byCurrency[$0] ?? []) })
        }
        return try reduce(values)
    }

    private func reduce(_ values: [Value]) throws -> Value {
        switch function {
        case .count: return .int(Int64(values.count))
        case .sum: return try Aggregates.total(values)
        case .avg: return try Aggregates.mean(values)
        case .min: return try Extremes.pick(values, smallest: true)
        case .max: return try Extremes.pick(values, smallest: false)
        }
    }
}

/// Grouping rows by a column's value with aggregates: one row per value, in the order each value
/// first appears, with the value and each aggregate. On stored rows it is SQL `GROUP BY`.
enum Grouping {
    /// The groups computed in memory.
    static func table(_ rows: [Record], by key: String, _ aggregates: [AggregateSpec]) throws -> Table {
        var order: [String] = []
        var groups: [String: (key: Value, rows: [Record])] = [:]
        for row in rows {
            let value = row[key] ?? .null
            let hash = value.typeName + ":" + value.plainText
            if groups[hash] == nil { order.append(hash); groups[hash] = (value, []) }
            groups[hash]?.rows.append(row)
        }
        return Table(columns: [key] + aggregates.map(\.name), rows: try order.compactMap { groups[$0] }.map { group in
            Record([(key, group.key)] + (try aggregates.map { ($0.name, try $0.value(of: group.rows)) }))
        })
    }

    /// The groups of stored rows computed by the database, or `nil` when an aggregate is not one
    /// SQL gives exactly as memory does (a sum of text, a min of bools); the caller then groups in memory.
    static func table(_ relation: Relation, by key: String, _ aggregates: [AggregateSpec], in database: any SQLDatabase) throws -> Table? {
        let sub = relation.subquery(as: "g")
        guard let keyColumn = sub.columns.first(where: { $0.name == key }) else { return nil }
        let keySQL = keyColumn.sqlColumns
        let keyOutputs = keySQL.enumerated().map { "\($1) AS k\($0)" }
        let keyRead = Relation.Column(key, renamed(keyColumn.kind, keySQL.indices.map { "k\($0)" }))

        // Plain columns: one query, one row per group.
        var outputs = keyOutputs + ["min(g.pos) AS first", "count(*) AS n"]
        var columns = [keyRead, Relation.Column("#n", .integer("n"))]
        var money: [String: Relation.Column] = [:]
        for (index, aggregate) in aggregates.enumerated() {
            guard let name = aggregate.column else { continue }
            guard let column = sub.columns.first(where: { $0.name == name }) else { return nil }
            let sql = column.sqlColumns[0]
            if case .money = column.kind { money[name] = column; continue }
            switch (aggregate.function, column.kind) {
            case (.count, _):
                outputs.append("count(\(sql)) AS a\(index)"); columns.append(.init("#a\(index)", .integer("a\(index)")))
            case (.sum, .integer), (.avg, .integer):
                outputs += ["sum(\(sql)) AS a\(index)", "count(\(sql)) AS m\(index)"]
                columns += [.init("#a\(index)", .integer("a\(index)")), .init("#m\(index)", .integer("m\(index)"))]
            case (.min, .integer), (.min, .text), (.min, .date), (.min, .id), (.max, .integer), (.max, .text), (.max, .date), (.max, .id):
                outputs.append("\(aggregate.function.rawValue)(\(sql)) AS a\(index)")
                columns.append(.init("#a\(index)", renamed(column.kind, ["a\(index)"])))
            default:
                return nil
            }
        }
        let groupBy = " GROUP BY " + keySQL.joined(separator: ", ")
        let grouped = Relation(source: "(SELECT \(outputs.joined(separator: ", ")) FROM \(sub.sql)\(groupBy)) AS grouped",
                               columns: columns, order: "first")
        let groups = try grouped.rows(in: database)

        // Amounts: per group and currency, never added across currencies.
        var amounts: [String: [String: [Record]]] = [:]  // column -> group key -> one record per currency
        for (name, column) in money {
            guard case .money(let minor, let currency) = column.kind else { continue }
            let perCurrency = Relation(source: """
                (SELECT \(keyOutputs.joined(separator: ", ")), \(currency) AS cur, sum(\(minor)) AS total, count(\(minor)) AS n,
                 min(\(minor)) AS low, max(\(minor)) AS high FROM \(sub.sql) WHERE \(minor) IS NOT NULL\(groupBy), \(currency)) AS amounts
                """, columns: [keyRead, .init("total", .money(minor: "total", currency: "cur")), .init("n", .integer("n")),
                               .init("low", .money(minor: "low", currency: "cur")), .init("high", .money(minor: "high", currency: "cur"))],
                order: "cur")
            for row in try perCurrency.rows(in: database) {
                amounts[name, default: [:]][hash(row[key] ?? .null), default: []].append(row)
            }
        }

        return Table(columns: [key] + aggregates.map(\.name), rows: try groups.map { group in
            let value = group[key] ?? .null
            return Record([(key, value)] + (try aggregates.enumerated().map { index, aggregate in
                guard let name = aggregate.column else { return (aggregate.name, group["#n"] ?? .int(0)) }
                if money[name] != nil {
                    return (aggregate.name, try amount(aggregate.function, amounts[name]?[hash(value)] ?? []))
                }
                let result = group["#a\(index)"] ?? .null
                switch aggregate.function {
                case .sum: return (aggregate.name, result == .null ? .int(0) : result)
                case .avg:
                    guard case .int(let sum) = result, case .int(let count)? = group["#m\(index)"], count > 0 else { return (aggregate.name, .null) }
                    return (aggregate.name, Aggregates.mean(sum: Int128(sum), count: Int128(count)))
                default: return (aggregate.name, result)
                }
            }))
        })
    }

    /// An aggregate of amounts from one record per currency (`total`, `n`, `low`, `high`).
    private static func amount(_ function: AggregateSpec.Function, _ currencies: [Record]) throws -> Value {
        let values = try currencies.map { row -> Value in
            let total = row["total"] ?? .null
            switch function {
            case .count: return row["n"] ?? .int(0)
            case .sum: return total
            case .min: return row["low"] ?? .null
            case .max: return row["high"] ?? .null
            case .avg:
                guard case .int(let count)? = row["n"], count > 0 else { return .null }
                return try Aggregates.divide(total, by: count)
            }
        }
        if function == .count {
            return .int(values.reduce(0) { if case .int(let n) = $1 { $0 + n } else { $0 } })
        }
        switch values.count {
        case 0: return function == .sum ? .int(0) : .null
        case 1: return values[0]
        default: return .list(values)
        }
    }

    private static func hash(_ value: Value) -> String { value.typeName + ":" + value.plainText }

    private static func renamed(_ kind: Relation.ColumnKind, _ names: [String]) -> Relation.ColumnKind {
        switch kind {
        case .integer: return .integer(names[0])
        case .text: return .text(names[0])
        case .bool: return .bool(names[0])
        case .date: return .date(names[0])
        case .id(let entity, _): return .id(entity, names[0])
        case .decimal(_, let places): return .decimal(names[0], places: places)
        case .money: return .money(minor: names[0], currency: names.count > 1 ? names[1] : names[0])
        }
    }
}
