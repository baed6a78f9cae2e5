#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit
import StageSupport

/// A file read during an import, or why it cannot be.
struct ImportFailure: Error { let message: String }

/// One row of an imported file: its cells in header order, and where it stands ("line 17", "item 3").
struct ImportRow {
    let place: String
    let cells: [String]
}

/// The rows of an imported file, read one at a time.
protocol ImportRows {
    var header: [String] { get }
    /// How much of the file has been read, 0 to 1.
    var fraction: Double { get }
    /// About how many rows the file holds (from its size for CSV).
    var estimatedCount: Int { get }
    func next() throws(ImportFailure) -> ImportRow?
}

/// A CSV file, streamed: the first record is the header.
final class CSVRows: ImportRows {
    private let stream: CSVStream
    private let size: Double
    let header: [String]

    init(path: String) throws(ImportFailure) {
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw ImportFailure(message: "the file is empty") }
            header = first.fields.map(\.trimmingSpaces)
        } catch let failure as CSVStream.Failure {
            throw ImportFailure(message: failure.description)
        } catch let failure as ImportFailure {
            throw failure
        } catch {
            throw ImportFailure(message: "\(error)")
        }
        var status = stat()
        size = max(1, stat(path, &status) == 0 ? Double(status.st_size) : 1)
    }

    var fraction: Double { Double(stream.bytesRead) / size }
    var estimatedCount: Int { Int(size / 100) }

    func next() throws(ImportFailure) -> ImportRow? {
        do {
            guard let record = try stream.next() else { return nil }
            return ImportRow(place: "line \(record.line)", cells: record.fields)
        } catch { throw ImportFailure(message: error.description) }
    }
}

/// A JSON file holding an array of objects; the header is every key, in first-seen order.
final class JSONRows: ImportRows {
    private let items: [Record]
    private var index = 0
    let header: [String]

    init(path: String) throws(ImportFailure) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportFailure(message: "cannot read the file") }
        guard !data.isEmpty else { throw ImportFailure(message: "the file is empty") }
        let text: String
        do throws(UnicodeText.Refusal) { text = try UnicodeText.decode(data) } catch { throw ImportFailure(message: error.description) }
        let value: Value
        do { value = try JSONReader.parse(text) } catch {
            throw ImportFailure(message: "invalid JSON at \(error.description)")
        }
        guard let rows = value.rows, case .table = value else {
            if case .list(let items) = value, items.isEmpty { throw ImportFailure(message: "the file holds no rows") }
            throw ImportFailure(message: "expected an array of objects")
        }
        items = rows
        header = Table(rows: rows).columns
    }

    var fraction: Double { items.isEmpty ? 1 : Double(index) / Double(items.count) }
    var estimatedCount: Int { items.count }

    func next() throws(ImportFailure) -> ImportRow? {
        guard index < items.count else { return nil }
        let item = items[index]
        index += 1
        let cells = header.map { column -> String in
            switch item[column] {
            case nil, .null?: return ""
            case .money(let money)?: return money.formatted
            case let value?: return value.plainText
            }
        }
        return ImportRow(place: "item \(index)", cells: cells)
    }
}
