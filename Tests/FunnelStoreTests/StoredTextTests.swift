import Foundation
import FunnelStore
import StageHost
import StageKit
import Testing

/// The store keeps Funnel's text rules: text goes in as NFC by every path, a NUL is refused by every
/// path, `funnel_contains` is `=~`, and text stored un-normalised by an older Funnel is normalised once.
@Suite struct StoredTextTests {
    func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("test.db").path
    }

    func store(_ statements: [String] = ["CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)"]) throws -> SQLiteStore {
        let store = try SQLiteStore(path: temporaryPath())
        try store.migrate([Migration(module: "t", name: "v1", statements: statements)])
        return store
    }

    func hex(_ store: SQLiteStore, _ sql: String = "SELECT hex(name) AS h FROM t ORDER BY id") throws -> [String] {
        try store.transaction { try $0.query(sql) }.compactMap { $0.text("h") }
    }

    @Test func textIsStoredAndComparedInNFCByEveryPath() throws {
        let store = try store()
        try store.transaction { db in
            try db.execute("INSERT INTO t (name) VALUES (?)", [.text("Cafe\u{301}")])
            try db.prepare("INSERT INTO t (name) VALUES (?)").execute([.text("Zoe\u{308}")])
        }
        #expect(try hex(store) == ["436166C3A9", "5A6FC3AB"])
        // A decomposed argument finds the stored text, and the composed one does too.
        for name in ["Cafe\u{301}", "Caf\u{E9}"] {
            let rows = try store.transaction { try $0.query("SELECT id FROM t WHERE name = ?", [.text(name)]) }
            #expect(rows.count == 1)
        }
    }

    @Test func aNULIsRefusedByEveryPathAndNothingIsCutOff() throws {
        let store = try store()
        #expect(throws: CommandError.self) { try store.transaction { try $0.execute("INSERT INTO t (name) VALUES (?)", [.text("a\0b")]) } }
        #expect(throws: CommandError.self) {
            try store.transaction { try $0.prepare("INSERT INTO t (name) VALUES (?)").execute([.text("a\0b")]) }
        }
        #expect(try hex(store).isEmpty)
    }

    @Test func funnelContainsIsTheShellsCaseInsensitiveContains() throws {
        let store = try store()
        try store.transaction { db in
            for name in ["Caf\u{E9} Bleu", "ÉCOLE", "x\u{302}yz", "Acme"] { try db.execute("INSERT INTO t (name) VALUES (?)", [.text(name)]) }
            try db.execute("INSERT INTO t (n) VALUES (1)")
        }
        func found(_ pattern: String) throws -> [Int64] {
            try store.transaction { try $0.query("SELECT id FROM t WHERE funnel_contains(name, ?) ORDER BY id", [.text(pattern)]) }
                .compactMap { $0.integer("id") }
        }
        #expect(try found("CAFÉ") == [1])
        #expect(try found("cafe\u{301}") == [1])
        #expect(try found("cafe") == [])
        #expect(try found("école") == [2])
        #expect(try found("x") == [])
        #expect(try found("") == [1, 2, 3, 4])
        let null = try store.transaction { try $0.query("SELECT funnel_contains(NULL, 'a') AS a, funnel_contains('a', NULL) AS b") }
        #expect(null.first?["a"] == .null && null.first?["b"] == .null)
    }

    @Test func textStoredBeforeNFCIsNormalisedOnce() throws {
        // SQL text written into the file the way an older Funnel stored it: decomposed.
        let store = try store([
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)",
            "INSERT INTO t (name, n) VALUES ('Cafe' || char(769), 1), ('Zoe' || char(776), 2), ('plain', 3)",
            // Two texts that become the same under a unique index: the second keeps its old form.
            "INSERT INTO t (name, n) VALUES ('Ame' || char(769) || 'lie', 4), ('Am' || char(233) || 'lie', 5)",
        ])
        #expect(try hex(store) == ["436166C3A9", "5A6FC3AB", "706C61696E", "416D65CC816C6965", "416DC3A96C6965"])
        let numbers = try store.transaction { try $0.query("SELECT n FROM t ORDER BY id") }.compactMap { $0.integer("n") }
        #expect(numbers == [1, 2, 3, 4, 5])
        let applied = try store.transaction { try $0.query("SELECT identifier FROM grdb_migrations") }.compactMap { $0.text("identifier") }
        #expect(applied.last == "store/text-nfc")
    }

    @Test func textIsReadWhole() throws {
        let store = try store()
        let rows = try store.transaction { try $0.query("SELECT 'a' || char(0) || 'b' AS t") }
        #expect(rows.first?.text("t") == "a\0b")
    }
}
