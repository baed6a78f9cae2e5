import FunnelModel
import StageKit

/// The columns of an imported file that fill custom fields (`CustomFields`), by one rule for lead,
/// deal and product imports: `--map 'Column=custom.NAME'` (or `Column=NAME` for a declared field), then columns
/// whose header names a declared field (`Employees` for `employees`), then, with `--keep-extra`,
/// every column left over as a new text field named after its header (`Industry Segment` →
/// `industry_segment`). Columns named like a built-in field are never kept.
public struct CustomColumns: Sendable {
    /// The custom field each column fills, by column index.
    public let fieldOfColumn: [Int: CustomFields.Field]
    /// The fields to declare before importing (new names from `--keep-extra` or `custom.NAME`).
    public let newFields: [CustomFields.Field]
    /// For a money field's column, the column beside it that holds its currency (`deal_size_currency`
    /// beside `deal_size`, as exports and `--csv` write money), by column index.
    public let currencyOfColumn: [Int: Int]

    /// The `--map` pairs that name custom fields, taken out of `explicit` (what is left is for the
    /// import's own fields): `custom.NAME`, or the name of a declared field that is not built in.
    public static func takeCustom(from explicit: inout [String: String], entity: CustomFields.Entity, declared: [CustomFields.Field],
                           builtInFields: [String]) throws -> [String: String] {
        var custom: [String: String] = [:]
        for (column, target) in explicit {
            if target.hasPrefix("custom.") {
                let name = String(target.dropFirst(7))
                if let problem = CustomFields.nameProblem(name, builtIn: entity.builtIn) {
                    throw CommandError("\"\(column)=\(target)\": \(problem)", argument: "map")
                }
                custom[column] = name
            } else if !builtInFields.contains(target), declared.contains(where: { $0.name == target }) {
                custom[column] = target
            } else {
                continue
            }
            explicit[column] = nil
        }
        return custom
    }

    /// - Parameters:
    ///   - unused: the indexes of the columns the import's own fields do not take.
    ///   - explicit: the `--map` pairs for custom fields (from `takeCustom`).
    public init(header: [String], unused: [Int], explicit: [String: String], entity: CustomFields.Entity,
         declared: [CustomFields.Field], keepExtra: Bool) {
        var fieldOfColumn: [Int: CustomFields.Field] = [:]
        var newFields: [CustomFields.Field] = []
        var taken = Set<String>()
        func field(named name: String) -> CustomFields.Field {
            if let known = declared.first(where: { $0.name == name }) ?? newFields.first(where: { $0.name == name }) { return known }
            let made = CustomFields.Field(entity: entity, name: name, type: .string)
            newFields.append(made)
            return made
        }
        for (index, column) in header.enumerated() {
            if let name = explicit[column], taken.insert(name).inserted { fieldOfColumn[index] = field(named: name) }
        }
        for index in unused where fieldOfColumn[index] == nil && explicit[header[index]] == nil {
            guard let name = CustomFields.name(forColumn: header[index]) else { continue }
            if declared.contains(where: { $0.name == name }), taken.insert(name).inserted { fieldOfColumn[index] = field(named: name) }
        }
        var currencyOfColumn: [Int: Int] = [:]
        for (index, field) in fieldOfColumn where field.type == .money {
            let wanted = [header[index] + "_currency", field.name + "_currency"].map { $0.lowercased() }
            if let beside = unused.first(where: { fieldOfColumn[$0] == nil && wanted.contains(header[$0].lowercased()) }) {
                currencyOfColumn[index] = beside
            }
        }
        let currencyColumns = Set(currencyOfColumn.values)
        if keepExtra {
            for index in unused where fieldOfColumn[index] == nil && explicit[header[index]] == nil && !currencyColumns.contains(index) {
                guard let name = CustomFields.name(forColumn: header[index]),
                      CustomFields.nameProblem(name, builtIn: entity.builtIn) == nil, taken.insert(name).inserted else { continue }
                fieldOfColumn[index] = field(named: name)
            }
        }
        self.fieldOfColumn = fieldOfColumn
        self.newFields = newFields
        self.currencyOfColumn = currencyOfColumn
    }

    /// Declares the new fields.
    public func declare(in database: any SQLDatabase, entity: CustomFields.Entity) throws {
        for field in newFields { try CustomFields.define(field, builtIn: entity.builtIn, in: database) }
    }

    /// Whether the column at `index` fills a custom field or holds a money field's currency.
    public func takes(_ index: Int) -> Bool { fieldOfColumn[index] != nil || currencyOfColumn.values.contains(index) }

    /// The columns filled, in file order.
    public var columns: [Int] { fieldOfColumn.keys.sorted() }

    /// A cell a custom field cannot take: the file's column and why.
    public struct Rejection: Error, Sendable {
        public let column: String
        public let reason: String
    }

    /// `new custom fields: industry_segment (string)`, for an import's note; nil when none is new.
    public var newFieldsNote: String? {
        newFields.isEmpty ? nil : "new custom fields: " + newFields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")
    }

    /// One row's values for the custom fields (field name and stored value; blank and placeholder
    /// cells give none), or the column and reason of the first bad one. Money that names no currency
    /// is in `currency` (the import's `--currency`).
    public func values(of cells: [String], header: [String], placeholders: Set<String> = [],
                       currency: Currency = .cny) -> Result<[(String, CustomFields.Stored)], Rejection> {
        var values: [(String, CustomFields.Stored)] = []
        for index in columns where index < cells.count {
            guard let field = fieldOfColumn[index] else { continue }
            let text = cells[index].trimmingSpaces
            if text.isEmpty || placeholders.contains(text.lowercased()) { continue }
            var cellCurrency = currency
            if let beside = currencyOfColumn[index], beside < cells.count {
                let code = cells[beside].trimmingSpaces
                if !code.isEmpty, !placeholders.contains(code.lowercased()) {
                    do throws(Currency.UnknownCode) { cellCurrency = try Currency.read(code) } catch {
                        return .failure(Rejection(column: header[beside], reason: error.description))
                    }
                }
            }
            switch CustomFields.parse(text, as: field.type, currency: cellCurrency) {
            case .success(let value): values.append((field.name, value))
            case .failure(let refusal):
                return .failure(Rejection(column: header[index], reason: "\(refusal.reason) (\(field.name) is \(field.type.rawValue))"))
            }
        }
        return .success(values)
    }
}
