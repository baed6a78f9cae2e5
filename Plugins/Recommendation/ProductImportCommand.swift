import Foundation
import FunnelModel
import StageKit

/// `product import FILE`: products from a CSV with columns sku, name, price and optionally category,
/// addresses, stock, lead_time; every bad row reported by line and column; all or nothing.
enum ProductImportCommand {
    static let command = Command(CommandSignature(
        "product import",
        summary: "Import products from a CSV (sku, name, price, category, addresses, stock, lead_time), all or nothing.",
        positionals: [Positional("file", .file, "The CSV file.")],
        output: .nothing, impact: .high,
        examples: [Example("product import catalog.csv --dry-run", "Check a catalog file.",
                           setup: "[{sku: A-1, name: Alpha, price: 100}] | save catalog.csv --force")])) { invocation, context in
        let path = invocation.string("file") ?? ""
        let stream: CSVStream
        let header: [String]
        do {
            stream = try CSVStream(path: path)
            guard let first = try stream.next() else { throw CommandError("\(path) is empty", argument: "file") }
            header = first.fields.map { $0.trimmingSpaces.lowercased() }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path), argument: "file")
        }
        for required in ["sku", "name", "price"] where !header.contains(required) {
            throw CommandError("\(path) has no \(required) column (columns: \(header.joined(separator: ", ")))", argument: "file")
        }
        func column(_ name: String, _ fields: [String]) -> String? {
            header.firstIndex(of: name).flatMap { $0 < fields.count ? fields[$0].trimmingSpaces : nil }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var rejected = ImportRejections()
        var total = 0
        var products: [ProductTable.Product] = []
        var seen = Set<String>()
        do {
            while let record = try stream.next() {
                total += 1
                let line = "line \(record.line)"
                guard record.fields.count == header.count else {
                    rejected.reject(line, "\(record.fields.count) fields where the header has \(header.count)")
                    continue
                }
                guard let sku = column("sku", record.fields)?.uppercased() else { rejected.reject(line, ", column sku: empty"); continue }
                guard seen.insert(sku).inserted, try !ProductTable.exists(sku, in: context.database) else {
                    rejected.reject(line, ", column sku: \(sku) already exists"); continue
                }
                guard let name = column("name", record.fields) else { rejected.reject(line, ", column name: empty"); continue }
                let price: Money
                do { price = try Money.parse(column("price", record.fields) ?? "") } catch let error as Money.ParseError {
                    rejected.reject(line, ", column price: \(error.description)"); continue
                }
                var numbers: [String: Int64] = [:]
                var bad = false
                for key in ["stock", "lead_time"] {
                    guard let text = column(key, record.fields) else { continue }
                    guard let number = Int64(text), number >= 0 else {
                        rejected.reject(line, ", column \(key): \"\(text)\" is not a whole number of 0 or more"); bad = true; break
                    }
                    numbers[key] = number
                }
                if bad { continue }
                products.append(.init(sku: sku, name: name, category: column("category", record.fields), price: price,
                                      addresses: ProductTable.needs(column("addresses", record.fields) ?? ""),
                                      stock: numbers["stock"] ?? 0, leadTimeDays: numbers["lead_time"] ?? 0))
            }
        } catch let failure as CSVStream.Failure {
            throw CommandError(failure.located(in: path) + "; nothing was imported", argument: "file")
        }
        if rejected.report(imported: products.count, noun: "product", dryRun: invocation.isDryRun, to: context.output) { return .null }
        try rejected.requireNone(outOf: total)
        for product in products { try ProductTable.insert(product, in: context.database) }
        if !products.isEmpty {
            try context.journal("product.imported", subject: EntityID(.product, context.database.lastInsertedRowID),
                                details: Record([("file", .string(path)), ("imported", .int(Int64(products.count)))]))
        }
        context.output.line("imported \(counted(products.count, "product"))")
        return .null
    }
}
