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
}
