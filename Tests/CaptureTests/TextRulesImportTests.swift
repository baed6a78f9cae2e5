import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Text coming in by `lead add` and by `lead import` follows one set of rules: stored in NFC, found
/// the same way by SQL and in memory, a NUL refused with its place, a file that is not UTF-8 refused
/// with the line.
@Suite struct TextRulesImportTests {
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func fileShell() throws -> TestShell {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try TestShell(path: directory.appendingPathComponent("funnel.db").path)
    }

    func leadCount(_ shell: TestShell) throws -> Int64? {
        try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n")
    }

    @Test func importedTextWrittenTwoWaysIsFoundOneWayBySQLAndInMemory() throws {
        let path = try file("accents.csv", Array("name,email\nCafe\u{301},a@x.example\nZoe\u{308},z@x.example\n".utf8))
        let shell = try fileShell()
        try shell.run("lead import \(path)")
        #expect(try shell.query("SELECT hex(name) AS h FROM leads ORDER BY id").map { $0.text("h") } == ["436166C3A9", "5A6FC3AB"])
        for (condition, expected) in [("name == \"Caf\u{E9}\"", 1), ("name == \"Cafe\u{301}\"", 1), ("name =~ \"CAF\u{C9}\"", 1),
                                      ("name =~ cafe", 0), ("name =~ ZOË", 1), ("name != \"Caf\u{E9}\"", 1)] {
            #expect(try shell.run("lead list | where \(condition) | count") == "\(expected)\n", "SQL: where \(condition)")
            #expect(try shell.run("lead list | each { |l| $l } | where \(condition) | count") == "\(expected)\n", "memory: where \(condition)")
        }
    }

    @Test func companiesWrittenTwoWaysAreTheSameCompany() throws {
        let shell = try TestShell()
        try shell.run("lead add Ann --company \"Caf\u{E9} Bleu Ltd\"")
        let text = try shell.run("lead add Bob --company \"Cafe\u{301} Bleu Ltd\"")
        #expect(text.contains("possible duplicate of L-1"), "\(text)")
    }

    @Test func aNULIsRefusedWithItsPlaceFromAScriptAndFromAFile() throws {
        let shell = try TestShell()
        let typed = try #require(shell.failure(of: "lead add \"Nul\0Name\" --email n@x.example"))
        #expect(typed.description.hasPrefix("<test>:1:14: error: a NUL character (U+0000) is not allowed in text"), "\(typed.description)")
        let path = try file("nul.csv", Array("name,email\nGood,g@x.example\n\"Imp".utf8) + [0] + Array("Name\",i@x.example\n".utf8))
        let imported = try #require(shell.failure(of: "lead import \(path) --partial"))
        #expect(imported.description.contains("line 3: field 1: a NUL character (U+0000) is not allowed in text"), "\(imported.description)")
        let json = try file("nul.json", Array(#"[{"name": "Imp\u0000Name"}]"#.utf8))
        let fromJSON = try #require(shell.failure(of: "lead import \(json)"))
        #expect(fromJSON.description.contains("line 1, column 15: a NUL character"), "\(fromJSON.description)")
        #expect(try leadCount(shell) == 0)
    }

    @Test func filesThatAreNotUTF8AreRefusedWithTheLine() throws {
        let shell = try TestShell()
        let csv = try file("latin1.csv", Array("name,city\nGood,Paris\nM".utf8) + [0xFC] + Array("ller,Bonn\n".utf8))
        let csvFailure = try #require(shell.failure(of: "lead import \(csv) --partial"))
        #expect(csvFailure.description.contains("line 3: field 1: invalid UTF-8 (byte 0xFC); Funnel reads UTF-8 text only"),
                "\(csvFailure.description)")
        let json = try file("latin1.json", Array("[{\"name\": \"Good\"},\n {\"name\": \"M".utf8) + [0xFC] + Array("ller\"}]".utf8))
        let jsonFailure = try #require(shell.failure(of: "lead import \(json)"))
        #expect(jsonFailure.description.contains("line 2, column 13: invalid UTF-8 (byte 0xFC)"), "\(jsonFailure.description)")
        let mapping = try file("map.txt", Array("Firm".utf8) + [0xE9] + Array("=company\n".utf8))
        let good = try file("good.csv", Array("name\nAcme\n".utf8))
        let mappingFailure = try #require(shell.failure(of: "lead import \(good) --mapping \(mapping)"))
        #expect(mappingFailure.description.contains("line 1, column 5: invalid UTF-8 (byte 0xE9)"), "\(mappingFailure.description)")
        #expect(try leadCount(shell) == 0)
    }
}
