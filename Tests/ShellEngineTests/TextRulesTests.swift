import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// Text compares one way in SQL and in memory: stored in NFC, `==` and `<` on that, `=~` ignoring case
/// (full Unicode lower-casing) but not accents. A NUL and bytes that are not UTF-8 are refused with
/// their place, never cut off or replaced.
@Suite struct TextRulesTests {
    /// Names written the way other tools write them: decomposed accents among composed ones.
    static let data = """
    lead add "Cafe\u{301}" --industry "Caf\u{E9}s"
    lead add "Caf\u{E9} Bleu" --industry retail
    lead add "\u{C9}COLE" --industry "e\u{301}ducation"
    lead add "x\u{302}yz"
    lead add "Stra\u{DF}e"
    lead add "\u{130}stanbul"
    lead add "cafeteria"
    lead add "杭州 Café"
    """

    func fileShell() throws -> TestShell {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try TestShell(path: directory.appendingPathComponent("funnel.db").path)
    }

    @Test(arguments: [
        ("name == \"Caf\u{E9}\"", 1), ("name == \"Cafe\u{301}\"", 1), ("name != \"Caf\u{E9}\"", 7),
        ("name =~ \"CAF\u{C9}\"", 3), ("name =~ \"cafe\u{301}\"", 3), ("name =~ cafe", 1), ("name =~ caf", 4),
        ("name !~ cafe", 7), ("name =~ \"\u{E9}cole\"", 1), ("name =~ x", 0), ("name =~ \"X\u{302}\"", 1),
        ("name =~ strasse", 0), ("name =~ STRA\u{DF}E", 1), ("name =~ istanbul", 0), ("name =~ \"\u{130}STANBUL\"", 1),
        ("industry == \"\u{E9}ducation\"", 1), ("industry =~ CAFÉS", 1), ("name > \"Caf\u{E9}\"", 7), ("name < \"Cafe\u{301} \"", 1),
        ("name =~ \"\"", 8),
    ])
    func sqlAndMemoryAgree(condition: String, count: Int) throws {
        let shell = try fileShell()
        try shell.run(Self.data)
        let pushed = try shell.rows("lead list | where \(condition) | get id | each { |i| {id: $i} }")
        let inMemory = try shell.rows("lead list | each { |l| $l } | where \(condition) | get id | each { |i| {id: $i} }")
        let closure = try shell.rows("lead list | where { |l| $l.\(condition) } | get id | each { |i| {id: $i} }")
        #expect(pushed.count == count, "SQL: where \(condition)")
        #expect(pushed == inMemory, "where \(condition)")
        #expect(pushed == closure, "where { \(condition) }")
        #expect(try shell.rows("lead list | where \(condition) | explain").first?["reads"] == .string("sql"), "where \(condition) was not pushed down")
    }

    @Test func sortingAgrees() throws {
        let shell = try fileShell()
        try shell.run(Self.data)
        // Decomposed, it would sort before "Café" by its bytes ("e" before "é"); in NFC it sorts after.
        try shell.run("lead add \"Cafe\u{301}z\"")
        for reverse in ["", " --reverse"] {
            let pushed = try shell.rows("lead list | sort-by name\(reverse) | select id")
            let inMemory = try shell.rows("lead list | each { |l| $l } | sort-by name\(reverse) | select id")
            #expect(pushed == inMemory, "sort-by name\(reverse)")
        }
    }

    @Test func textInMemoryFollowsTheSameRules() throws {
        let shell = try TestShell()
        #expect(try shell.run("print (\"Cafe\u{301}\" == \"Caf\u{E9}\") (\"Caf\u{E9}\" =~ \"CAFE\u{301}\") (\"Caf\u{E9}\" =~ cafe) (\"Acme Ltd\" =~ ACME)")
                == "true\ntrue\nfalse\ntrue\n")
        #expect(try shell.run("print ([\"Cafe\u{301}\"] =~ \"Caf\u{E9}\") (\"Caf\u{E9}\" in [\"Cafe\u{301}\"])") == "true\ntrue\n")
    }

    @Test func aNULInAScriptIsALocatedError() throws {
        let shell = try TestShell()
        let failure = try #require(shell.failure(of: "print ok\nlead add \"a\0b\""))
        #expect(failure.description.hasPrefix("<test>:2:12: error: a NUL character (U+0000) is not allowed in text"), "\(failure.description)")
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 0)
    }

    @Test func filesThatAreNotUTF8AreLocatedErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = directory.appendingPathComponent("latin1.csv").path
        try Data(Array("name\nok\nM".utf8) + [0xFC] + Array("ller\n".utf8)).write(to: URL(fileURLWithPath: csv))
        let script = directory.appendingPathComponent("helpers.funnel").path
        try Data(Array("print ok\nprint M".utf8) + [0xFC] + Array("ller\n".utf8)).write(to: URL(fileURLWithPath: script))
        let shell = try TestShell()
        let opened = try #require(shell.failure(of: "open \(csv)"))
        #expect(opened.description.contains("latin1.csv: line 3, column 2: invalid UTF-8 (byte 0xFC); Funnel reads UTF-8 text only"), "\(opened.description)")
        let sourced = try #require(shell.failure(of: "source \(script)"))
        #expect(sourced.description.contains("helpers.funnel:2:8: invalid UTF-8 (byte 0xFC)"), "\(sourced.description)")
        let parsed = try #require(shell.failure(of: #"'["a\u0000b"]' | from json"#))
        #expect(parsed.description.contains("invalid JSON at line 1, column 4: a NUL character (U+0000) is not allowed in text"),
                "\(parsed.description)")
    }
}
