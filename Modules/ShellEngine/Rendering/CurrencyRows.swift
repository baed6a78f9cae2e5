import FunnelModel
import StageKit

/// Rows for other programs: a cell holding amounts in several currencies (a group's sum, since money
/// is never added across currencies) is a list no spreadsheet reads as a number. For CSV and JSON such
/// a row becomes one row per currency, in currency-code order: each such cell holds that currency's
/// amount (empty where it has none) and every other cell repeats.
enum CurrencyRows {
    /// The value with each row of several currencies split; anything else unchanged.
    static func split(_ value: Value) -> Value {
        switch value {
        case .table(let table): return .table(split(table))
        case .list(let items) where !items.isEmpty && items.allSatisfy({ if case .record = $0 { true } else { false } }):
            return .list(split(Table(columns: [], rows: value.rows ?? [])).rows.map(Value.record))
        default: return value
        }
    }

    static func split(_ table: Table) -> Table {
        guard table.rows.contains(where: { $0.fields.contains { amounts($0.value) != nil } }) else { return table }
        var rows: [Record] = []
        rows.reserveCapacity(table.rows.count)
        for row in table.rows {
            let codes = Set(row.fields.compactMap { amounts($0.value) }.flatMap(\.keys)).sorted()
            guard !codes.isEmpty else { rows.append(row); continue }
            for code in codes {
                rows.append(Record(row.fields.map { field in
                    guard let byCurrency = amounts(field.value) else { return (field.name, field.value) }
                    return (field.name, byCurrency[code].map(Value.money) ?? .null)
                }))
            }
        }
        return Table(columns: table.columns, rows: rows)
    }

    /// A list of two or more amounts, each in a currency of its own, by currency code; `nil` for
    /// anything else.
    private static func amounts(_ value: Value) -> [String: Money]? {
        guard case .list(let items) = value, items.count > 1 else { return nil }
        var byCurrency: [String: Money] = [:]
        for item in items {
            guard case .money(let money) = item, byCurrency[money.currency.code] == nil else { return nil }
            byCurrency[money.currency.code] = money
        }
        return byCurrency
    }
}
