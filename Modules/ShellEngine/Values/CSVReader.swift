#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit
import StageSupport

/// Reads CSV text (through StageKit's `CSVStream`) into a table, the reverse of `CSVWriter`. Cells
/// stay text except whole numbers without leading zeros (so `00123` survives as text), JSON lists
/// and records (`["vip","expo"]`), and money: a column `budget` of plain amounts beside a column
/// `budget_currency` of currency codes is read as one money column `budget`.
enum CSVReader {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        let line: Int
        var description: String { "line \(line): \(message)" }
    }

    static func parse(_ text: String) throws(Failure) -> Table {
        let stream = CSVStream(text: text)
        do {
            guard let header = try stream.next() else { return Table(columns: [], rows: []) }
            var rows: [Record] = []
            while let record = try stream.next() {
                guard record.fields.count == header.fields.count else {
                    throw Failure(message: "\(record.fields.count) fields where the header has \(header.fields.count)", line: record.line)
                }
                rows.append(Record(zip(header.fields, record.fields).map { ($0, cell($1)) }))
            }
            return joiningMoney(Table(columns: header.fields, rows: rows))
        } catch let failure as CSVStream.Failure {
            throw Failure(message: failure.message, line: failure.line)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "\(error)", line: 0)
        }
    }

    static func cell(_ text: String) -> Value {
        if text.isEmpty { return .null }
        if let int = Int64(text), !(text.hasPrefix("0") && text.count > 1), !text.hasPrefix("+") { return .int(int) }
        if let first = text.utf8.first, let last = text.utf8.last, (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
            || (first == UInt8(ascii: "{") && last == UInt8(ascii: "}")), let value = try? JSONReader.parse(text) {
            return value
        }
        return .string(text)
    }

    /// Joins each pair of columns `X` and `X_currency` into money in `X`, when every row's pair is
    /// empty or an amount with a currency code; a pair that does not read as money stays as it is.
    static func joiningMoney(_ table: Table) -> Table {
        var table = table
        for column in table.columns {
            let currencyColumn = column + CSVWriter.currencySuffix
            guard table.columns.contains(currencyColumn) else { continue }
            var joined: [Value] = []
            joined.reserveCapacity(table.rows.count)
            for row in table.rows {
                let amount = row[column] ?? .null, code = row[currencyColumn] ?? .null
                if amount == .null, code == .null { joined.append(.null); continue }
                guard case .string(let codeText) = code, let currency = Currency(code: codeText), currency.isISO4217,
                      amount != .null, let money = try? Money.parse(amount.plainText, defaultCurrency: currency),
                      money.currency == currency else { break }
                joined.append(.money(money))
            }
            guard joined.count == table.rows.count else { continue }
            for index in table.rows.indices {
                table.rows[index][column] = joined[index]
                table.rows[index][currencyColumn] = nil
            }
            table.columns.removeAll { $0 == currencyColumn }
        }
        return table
    }
}
