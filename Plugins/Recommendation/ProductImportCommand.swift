#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// `product import FILE`: products from a CSV with columns sku, name, price and optionally category,
/// addresses, stock, lead_time and cost; other systems' headers (`Product Name`, `List Price`, `Lead
/// Time (days)`) are recognised, and `--map 'Item Code=sku'` names the rest. Every bad row is reported
/// by line and column; all or nothing. A file whose every column is used may lack the SKU and the
/// price (a list of names alone): SKUs are made from the names (`derivedSKU`), prices are 0 until set.
/// `--null` names placeholder texts (`N/A`) read as blank cells.
enum ProductImportCommand {
    static let fields = ["sku", "name", "price", "category", "addresses", "stock", "lead_time", "cost"]

    /// Headers of other systems' exports, as lower-case letters and digits, and the field each fills.
    static let aliases: [String: String] = [
        "itemcode": "sku", "productcode": "sku", "code": "sku", "partnumber": "sku", "article": "sku",
        "productname": "name", "itemname": "name", "product": "name", "description": "name",
        "listprice": "price", "unitprice": "price", "saleprice": "price", "productcategory": "category", "group": "category",
        "needs": "addresses", "addressesneeds": "addresses", "solves": "addresses",
        "stockonhand": "stock", "onhand": "stock", "quantity": "stock", "qty": "stock", "inventory": "stock",
        "leadtime": "lead_time", "leadtimedays": "lead_time", "unitcost": "cost", "costprice": "cost",
    ]

    /// The fields a file must have a column for.
    static let required = ["sku", "name", "price"]

    /// Header prefixes that name a field whatever follows (`Price (CNY)`, `Lead Time (days)`).
    static let prefixes = ["price": "price", "leadtime": "lead_time"]

    /// The fields, for `help product import`: generated from the tables above, which the import reads.
    static let importFields = ImportField.fromTable(
        order: fields, aliases: aliases,
        types: ["price": "amount", "cost": "amount", "stock": "whole number", "lead_time": "days", "addresses": "list of needs (a, b)"],
        required: Set(required),
        summaries: ["sku": "upper-cased; a product already in the catalog is refused", "cost": "in the price's currency"],
        prefixes: prefixes)

    static let command = Command(CommandSignature(
        "product import",
        summary: "Import products from a CSV (sku, name, price, category, addresses, stock, lead_time, cost), all or nothing.",
        positionals: [Positional("file", .file, "The CSV file.")],
        flags: [Flag("map", .string, "Column mapping for headers not recognised, e.g. 'Item Code=sku,Retail=price'."),
                ImportColumns.nullFlag,
                Flag("keep-extra", .bool, "Keep the columns no product field takes, each as a text custom field named after its header.")],
        output: .nothing, impact: .high,
        examples: [Example("product import catalog.csv --dry-run", "Check a catalog file.",
                           setup: "[{sku: A-1, name: Alpha, price: 100}] | save catalog.csv --force"),
                   Example("product import erp.csv --map 'Artikel=sku'", "An export with its own header.",
                           setup: "[{Artikel: A-1, \"Product Name\": Alpha, \"List Price\": 100}] | save erp.csv --force"),
                   Example("product import erp.csv --map 'Artikel=sku' --null 'N/A,-' --dry-run", "An export writing N/A or - where it has no value.",
                           setup: "[{Artikel: A-1, \"Product Name\": Alpha, \"List Price\": 100, Category: N/A}] | save erp.csv --force")],
        importFields: importFields), catalog: true) { invocation, context in
        let path = invocation.string("file") ?? ""
        var explicit: [String: String]
        do throws(ImportColumns.MappingError) { explicit = try ImportColumns.pairs(invocation.string("map") ?? "") } catch {
            throw CommandError(error.message, argument: "map")
        }
        let declared = try CustomFields.fields(of: .product, in: context.database)
        let customExplicit = try CustomColumns.takeCustom(from: &explicit, entity: .product, declared: declared, builtInFields: fields)
        let stream: CSVStream
        let header: [String]
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            header = first.fields.map { $0.trimmingSpaces }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
        for column in customExplicit.keys where !header.contains(column) {
            throw CommandError("\(path) has no column \"\(column)\" (columns: \(header.joined(separator: ", ")))", argument: "map")
        }
        // A file of names alone is a catalog too: SKUs are made from the names, prices are 0 until set.
        // A file with columns left over must name its SKU and price: one of those is likely them.
        func resolve(requiring required: Set<String>) throws -> ImportColumns.Resolution {
            let fitted = importFields.map { ImportField($0.name, $0.type, required: required.contains($0.name), headers: $0.headers) }
            do throws(ImportColumns.Refusal) {
                return try ImportColumns.resolve(header: header, fields: fitted, explicit: explicit, file: path, noun: "product")
            } catch {
                throw CommandError(error.message, argument: error.argument, hint: error.hint)
            }
        }
        let columns = try resolve(requiring: [])
        let fieldOfColumn = columns.fieldOfColumn
        let custom = CustomColumns(header: header, unused: header.indices.filter { fieldOfColumn[$0] == nil }, explicit: customExplicit,
                                   entity: .product, declared: declared, keepExtra: invocation.flag("keep-extra"))
        let ignored = header.indices.filter { fieldOfColumn[$0] == nil && !custom.takes($0) }.map { header[$0] }
        _ = try resolve(requiring: ignored.isEmpty ? ["name"] : Set(required))
        try custom.declare(in: context.database, entity: .product)
        if !ignored.isEmpty {
            context.output.note("ignored columns: \(ignored.joined(separator: ", ")) (map them with --map 'Column=field', or keep them with --keep-extra)")
        }
        let placeholders = ImportColumns.placeholders(invocation.string("null"))
        /// The cell of field `name`; nil when blank or a `--null` placeholder.
        func column(_ name: String, _ cells: [String]) -> String? {
            columns.value(name, in: cells).flatMap { placeholders.contains($0.lowercased()) ? nil : $0 }
        }
        func place(_ field: String) -> String { ", column \"\(columns.column(of: field))\"" }
        var rejected = ImportRejections()
        var total = 0
        var products: [ProductTable.Product] = []
        var customValues: [[(String, CustomFields.Stored)]] = []
        var seen = Set<String>()
        do {
            while let record = try stream.next() {
                total += 1
                let line = "line \(record.line)"
                guard record.fields.count == header.count else {
                    rejected.reject(line, "\(record.fields.count) fields where the header has \(header.count)")
                    continue
                }
                guard let name = column("name", record.fields) else { rejected.reject(line, place("name") + ": empty"); continue }
                let sku: String
                if !columns.has("sku") {
                    sku = try derivedSKU(name, taken: seen, in: context.database)
                    seen.insert(sku)
                } else {
                    guard let given = column("sku", record.fields)?.uppercased() else { rejected.reject(line, place("sku") + ": empty"); continue }
                    guard seen.insert(given).inserted, try !ProductTable.exists(given, in: context.database) else {
                        rejected.reject(line, place("sku") + ": \(given) already exists"); continue
                    }
                    sku = given
                }
                let price: Money
                do { price = !columns.has("price") ? Money(minorUnits: 0, currency: .cny) : try Money.parse(column("price", record.fields) ?? "") }
                catch let error as Money.ParseError {
                    rejected.reject(line, place("price") + ": \(error.description)"); continue
                }
                var numbers: [String: Int64] = [:]
                var bad = false
                for key in ["stock", "lead_time"] {
                    guard let text = column(key, record.fields) else { continue }
                    guard let number = Int64(text), number >= 0 else {
                        rejected.reject(line, place(key) + ": \"\(text)\" is not a whole number of 0 or more"); bad = true; break
                    }
                    numbers[key] = number
                }
                if bad { continue }
                var cost: Money?
                if let text = column("cost", record.fields) {
                    do { cost = try Money.parse(text, defaultCurrency: price.currency) } catch let error as Money.ParseError {
                        rejected.reject(line, place("cost") + ": \(error.description)"); continue
                    }
                    guard cost?.currency == price.currency else {
                        rejected.reject(line, place("cost") + ": in \(cost?.currency.code ?? ""), the price in \(price.currency)"); continue
                    }
                }
                guard price.minorUnits >= 0, (cost?.minorUnits ?? 0) >= 0 else {
                    rejected.reject(line, place(price.minorUnits < 0 ? "price" : "cost") + ": cannot be negative"); continue
                }
                let values: [(String, CustomFields.Stored)]
                switch custom.values(of: record.fields, header: header, placeholders: placeholders, currency: price.currency) {
                case .success(let found): values = found
                case .failure(let rejection): rejected.reject(line, ", column \"\(rejection.column)\": \(rejection.reason)"); continue
                }
                customValues.append(values)
                products.append(.init(sku: sku, name: name, category: column("category", record.fields), price: price,
                                      addresses: ProductTable.needs(column("addresses", record.fields) ?? ""),
                                      stock: numbers["stock"] ?? 0, leadTimeDays: numbers["lead_time"] ?? 0, cost: cost))
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        if rejected.report(imported: products.count, noun: "product", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
        if let note = custom.newFieldsNote { context.output.note(note) }
        for (product, values) in zip(products, customValues) {
            try ProductTable.insert(product, in: context.database)
            let id = context.database.lastInsertedRowID
            for (field, value) in values { try CustomFields.set(value, field: field, of: .product, record: id, in: context.database) }
        }
        if !products.isEmpty {
            try context.journal("product.imported", subject: EntityID(.product, context.database.lastInsertedRowID),
                                details: Record([("file", .string(path)), ("imported", .int(Int64(products.count)))]))
        }
        context.output.line("imported \(counted(products.count, "product"))"
            + (!columns.has("sku") ? " · SKUs made from the names" : "") + (!columns.has("price") ? " · priced 0 until set (product edit SKU --price)" : ""))
        return .null
    }

    /// A SKU made from a product's name: its words (letters and digits) upper-cased and joined by
    /// hyphens (`Pro X` → `PRO-X`), with `-2`, `-3`... when the catalog or the file has it already.
    static func derivedSKU(_ name: String, taken: Set<String>, in database: any SQLDatabase) throws -> String {
        let words = name.uppercased().split { !($0.isLetter || $0.isNumber) }
        let base = words.isEmpty ? "PRODUCT" : words.joined(separator: "-")
        var candidate = base
        var suffix = 1
        while try ProductTable.exists(candidate, in: database) || taken.contains(candidate) {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return candidate
    }
}
