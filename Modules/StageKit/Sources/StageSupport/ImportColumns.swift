import FunnelModel
import StageKit

/// Headers and column mappings of files other tools export, read the same way by every import command.
public enum ImportColumns {
    /// A mapping that is not `Column=field` pairs, with where it is wrong.
    public struct MappingError: Error {
        public let message: String
    }

    /// `--null VALUES`, as every import that takes it declares it.
    public static let nullFlag = Flag("null", .string, "Comma-separated texts meaning unknown, e.g. 'Select,N/A,-'.")

    /// The texts `--null` gives (`'Select, N/A'`), trimmed and lower-cased: a cell holding one of
    /// them, letter case aside, is read as blank.
    public static func placeholders(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: ",").map { String($0).trimmingSpaces.lowercased() }.filter { !$0.isEmpty })
    }

    /// Lower-case letters and digits only: `Lead Source` → `leadsource`.
    public static func key(_ column: String) -> String { ImportField.key(column) }

    /// `A=b,C=d` pairs, also one a line (a mapping file, named by `file`: its errors then say
    /// `FILE:LINE:`), `#` starting a comment.
    public static func pairs(_ text: String, file: String? = nil) throws(MappingError) -> [String: String] {
        var pairs: [String: String] = [:]
        for (number, textLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = textLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for piece in content.split(separator: ",") {
                let pair = String(piece).trimmingSpaces
                if pair.isEmpty { continue }
                let equals = pair.lastIndex(of: "=")
                let column = equals.map { String(pair[..<$0]).trimmingSpaces } ?? ""
                let field = equals.map { String(pair[pair.index(after: $0)...]).trimmingSpaces.lowercased() } ?? ""
                guard !column.isEmpty, !field.isEmpty else {
                    throw MappingError(message: (file.map { "\($0):\(number + 1): " } ?? "") + "\"\(pair)\" is not Column=field")
                }
                pairs[column] = field
            }
        }
        return pairs
    }
}

extension ImportColumns {
    /// A file's columns that its header or `--map` does not fit to the import's fields, with the
    /// argument to blame (`map` or `file`) and what to do.
    public struct Refusal: Error {
        public let message: String
        public let argument: String
        public let hint: String?
    }

    /// Which column of a file fills which of an import's fields, by one rule for every import that
    /// uses it: `--map` pairs first, then each column whose header a field recognises (its name or
    /// one of its headers; the first column wins), and the columns left over are named as unused.
    public struct Resolution: Sendable {
        public let header: [String]
        /// The column index of each field the file has.
        public let columnOfField: [String: Int]
        /// The file's columns no field takes, in file order.
        public let unused: [String]

        /// The header of the column that fills `field`, for messages; the field's name when absent.
        public func column(of field: String) -> String { columnOfField[field].map { header[$0] } ?? field }

        /// Whether the file has a column for `field`.
        public func has(_ field: String) -> Bool { columnOfField[field] != nil }

        /// The field each column fills, by column index (nil: no field takes it): for imports that
        /// read a row cell by cell. Computed each time it is asked for; read it once per file.
        public var fieldOfColumn: [String?] {
            var fields = [String?](repeating: nil, count: header.count)
            for (field, index) in columnOfField where index < fields.count { fields[index] = field }
            return fields
        }

        /// The trimmed cell for `field`; `nil` when the file has no such column or the cell is empty.
        public func value(_ field: String, in cells: [String]) -> String? {
            guard let index = columnOfField[field], index < cells.count else { return nil }
            let text = cells[index].trimmingSpaces
            return text.isEmpty ? nil : text
        }
    }

    /// Fits the columns of `file` (its `header`) to `fields` (a family, such as `entered STAGE`, as
    /// one field per variant), `explicit` (`Column` → field, from `--map`) first. Refuses a mapping
    /// to a field the import does not have, a mapped column the file lacks, and a file without a
    /// column for a required field — each saying what is accepted.
    /// `noun` names what the import makes in the first refusal (`bogus is not a lead field`).
    public static func resolve(header: [String], fields declared: [ImportField], explicit: [String: String],
                               file: String, noun: String? = nil) throws(Refusal) -> Resolution {
        let names = declared.map(\.name)
        let fields = declared.flatMap(\.expanded)
        let columns = header.joined(separator: ", ")
        for (column, field) in explicit.sorted(by: { $0.key < $1.key }) where !fields.contains(where: { $0.name == field }) {
            let what = noun.map { "a \($0) field" } ?? "a field of this import"
            throw Refusal(message: "\"\(column)=\(field)\": \(field) is not \(what) (fields: \(names.joined(separator: ", ")))",
                          argument: "map", hint: nil)
        }
        var columnOfField: [String: Int] = [:]
        var taken = Set<Int>()
        for (column, field) in explicit.sorted(by: { $0.key < $1.key }) {
            guard let index = header.firstIndex(of: column) ?? header.firstIndex(where: { key($0) == key(column) }) else {
                throw Refusal(message: "\(file) has no column \"\(column)\" (columns: \(columns))", argument: "map", hint: nil)
            }
            guard columnOfField[field] == nil else {
                throw Refusal(message: "two columns are mapped to \(field): \"\(header[columnOfField[field] ?? 0])\" and \"\(column)\"", argument: "map", hint: nil)
            }
            columnOfField[field] = index
            taken.insert(index)
        }
        for (index, column) in header.enumerated() where !taken.contains(index) {
            guard let field = fields.first(where: { columnOfField[$0.name] == nil && $0.recognises(column) }) else { continue }
            columnOfField[field.name] = index
            taken.insert(index)
        }
        for field in fields where field.isRequired && columnOfField[field.name] == nil {
            throw Refusal(message: "\(file) has no \(field.name) column: none of its columns is named "
                          + ([field.name] + field.headers).joined(separator: ", ") + " (columns: \(columns))",
                          argument: "file", hint: "name it with --map 'Column=\(field.name)'")
        }
        let unused = header.enumerated().filter { !taken.contains($0.offset) }.map(\.element)
        return Resolution(header: header, columnOfField: columnOfField, unused: unused)
    }
}
