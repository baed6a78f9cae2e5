import FunnelModel

/// Other names a catalog product goes by in other tools' exports (`product alias ProX "Pro X"`), so
/// that `deal import` files the deals of `ProX` under the catalog's `Pro X` and product reports keep
/// their revenue. Core, because the catalog (recommend) writes it and the import (capture) reads it.
public enum ProductAlias {
    /// The `product_aliases` table: an alias (unique, case-insensitive) and the product it names.
    static let schema = [
        """
        CREATE TABLE product_aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,
            product_id INTEGER NOT NULL REFERENCES products(id)
        )
        """,
    ]

    /// Records `alias` for the product with id `product`, replacing what the alias named before.
    public static func add(_ alias: String, product: Int64, in database: any SQLDatabase) throws {
        try database.execute("INSERT INTO product_aliases (alias, product_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET product_id = excluded.product_id",
                             [.text(alias), .integer(product)])
    }

    /// The catalog's name for `name`: a product of that name or SKU (letter case aside), else the
    /// product an alias of that spelling names; nil when the catalog knows neither.
    public static func catalogName(of name: String, in database: any SQLDatabase) throws -> String? {
        let nocase = database.dialect.caseInsensitive
        if let row = try database.query("SELECT name FROM products WHERE name = ? \(nocase) OR sku = ? \(nocase) ORDER BY id LIMIT 1",
                                        [.text(name), .text(name)]).first {
            return row.text("name")
        }
        return try database.query("SELECT p.name AS name FROM product_aliases a JOIN products p ON p.id = a.product_id WHERE a.alias = ?",
                                  [.text(name)]).first?.text("name")
    }

    /// Whether the catalog holds any product (an empty catalog checks nothing).
    public static func catalogIsEmpty(in database: any SQLDatabase) throws -> Bool {
        try database.query("SELECT 1 FROM products LIMIT 1").isEmpty
    }

    /// The catalog name closest to `name`: the fewest single-letter edits between their letters and
    /// digits, letter case and spacing aside (`ProX` → `Pro X`); ties go to the product added first.
    /// Nil when even the closest needs more edits than half the name's letters.
    public static func nearest(to name: String, in database: any SQLDatabase) throws -> String? {
        let target = Array(ImportField.key(name))
        var best: (name: String, distance: Int)?
        for row in try database.query("SELECT name FROM products ORDER BY id") {
            guard let candidate = row.text("name") else { continue }
            let distance = editDistance(target, Array(ImportField.key(candidate)))
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        // A name more than half rewritten is not a spelling of it.
        guard let best, best.distance <= max(1, target.count / 2) else { return nil }
        return best.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
