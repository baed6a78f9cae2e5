import Foundation
import FunnelModel
import StageKit
import StageSupport

/// Columns of a CSV found by name (case and spacing ignored), for the receivables imports.
struct CSVColumns {
    let header: [String]
    private let positions: [String: Int]

    init(_ header: [String]) {
        self.header = header
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() { positions[CSVColumns.key(name)] = index }
        self.positions = positions
    }

    static func key(_ name: String) -> String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// Whether the file has any of these columns.
    func has(_ names: [String]) -> Bool { names.contains { positions[CSVColumns.key($0)] != nil } }

    /// Refuses the file unless it has one column of every group (named by the group's first name).
    func require(_ groups: [[String]], in path: String) throws {
        for group in groups where !has(group) {
            throw CommandError("\(path) has no \(group[0]) column (columns: \(header.joined(separator: ", ")))", argument: "file")
        }
    }

    /// The trimmed cell of the first of `names` the file has; `nil` when empty or absent.
    func value(_ names: [String], in fields: [String]) -> String? {
        for name in names {
            if let index = positions[CSVColumns.key(name)], index < fields.count {
                let text = fields[index].trimmingSpaces
                return text.isEmpty ? nil : text
            }
        }
        return nil
    }

    static func open(_ path: String) throws -> (CSVStream, CSVColumns) {
        do {
            let stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            return (stream, CSVColumns(first.fields.map(\.trimmingSpaces)))
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
    }
}
