import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// `lead import`'s data-quality notes on a small export whose quirks are counted by hand in
/// Fixtures/README.md ("Data-quality fixture").
@Suite struct ImportQualityTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/quality-leads.csv").path

    func qualityNotes(_ shell: TestShell) -> [String] {
        shell.output.notes.filter { $0.hasPrefix("data quality: ") }
    }

    @Test func blanksPlaceholdersAndNearDuplicateNamesAreSummarisedAfterTheImport() throws {
        let shell = try TestShell()
        let text = try shell.run("lead import \(Self.fixture) --map 'Contact=name' --null Select")
        #expect(text == "imported 12 leads · 0 rejected · possible duplicates: 3 e-mails, phones or companies shared (see: lead dupes)\n")
        #expect(qualityNotes(shell) == [
            "data quality: blank cells in 12 rows: Phone 5 (41.7%), Region 2 (16.7%), Source 1 (8.3%)",
            "data quality: placeholder-like values: Decision Maker \"Select\" 4 (33.3%), Region \"N/A\" 2 (16.7%), "
                + "Source \"Select\" 1 (8.3%), Region \"unknown\" 1 (8.3%) (\"N/A\", \"unknown\" kept as values: add them to --null to read them as unknown)",
            "data quality: values shared too widely to be duplicates, probably placeholders: e-mail \"none@none.com\" on 10 leads",
            "data quality: near-duplicate names: 2 companies are spelled differently, e.g. \"Acme Inc.\" ≈ \"ACME\" (L-1, L-2); "
                + "\"Beta Co\" ≈ \"beta\" (L-3, L-4) (see: lead dupes)",
        ])
        // The notes only describe: every row is imported as the file has it.
        let regions = try shell.query("SELECT region FROM leads ORDER BY id").map { $0.text("region") }
        #expect(regions == ["North", "N/A", nil, "South", "North", nil, "North", "N/A", "South", "North", "South", "unknown"])
    }

    @Test func quietLeavesTheNotesOutAndACleanFileHasNone() throws {
        let shell = try TestShell()
        _ = try shell.run("lead import \(Self.fixture) --map 'Contact=name' --null Select --quiet")
        #expect(qualityNotes(shell).isEmpty)
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 12)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let clean = directory.appendingPathComponent("clean.csv").path
        try Data("company,email\nAcme,a@acme.cn\nBeta,b@beta.cn\n".utf8).write(to: URL(fileURLWithPath: clean))
        let other = try TestShell()
        #expect(try other.run("lead import \(clean)") == "imported 2 leads · 0 rejected\n")
        #expect(qualityNotes(other).isEmpty)
    }

    /// A placeholder given with --null is counted too, and said to be read as unknown; a rejected row's
    /// cells count (they are the file's), a row with the wrong number of fields does not.
    @Test func nullPlaceholdersAreSaidToBeReadAsUnknownAndRejectedRowsStillCount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("leads.csv").path
        try Data("company,budget\nAcme,-\nBeta,lots\nGamma,\nDelta\n".utf8).write(to: URL(fileURLWithPath: path))
        let shell = try TestShell()
        _ = try shell.run("lead import \(path) --null - --partial")
        #expect(qualityNotes(shell) == [
            "data quality: blank cells in 3 rows: budget 1 (33.3%)",
            "data quality: placeholder-like values: budget \"-\" 1 (33.3%) (read as unknown: --null)",
        ])
    }

    /// Cells are trimmed before they are judged: spaces alone are blank however long, a placeholder with
    /// spaces around it or in another case is still one, and a non-ASCII --null text is found too.
    @Test func spacesCaseAndNonASCIIPlaceholdersAreJudgedOnTheTrimmedText() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("leads.csv").path
        let spaces = String(repeating: " ", count: 40)
        try Data("company,region\nAcme,  n/A \nBeta,\(spaces)\nGamma,未知\nDelta, \nÉcole,Nord\n".utf8).write(to: URL(fileURLWithPath: path))
        let shell = try TestShell()
        _ = try shell.run("lead import \(path) --null 未知")
        #expect(qualityNotes(shell) == [
            "data quality: blank cells in 5 rows: region 2 (40%)",
            "data quality: placeholder-like values: region \"n/A\" 1 (20%), region \"未知\" 1 (20%) (\"n/A\" kept as a value: add it to --null to read it as unknown)",
        ])
    }

    /// `deal import`: blanks and placeholders as for leads (there is no --null: placeholders are
    /// imported as they are), and the products not in the catalog counted after the summary.
    @Test func dealImportSummarisesBlanksPlaceholdersAndUnknownProducts() throws {
        let deals = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/quality-deals.csv").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-quality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = directory.appendingPathComponent("catalog.csv").path
        try Data("name\nPro X\nBasic\n".utf8).write(to: URL(fileURLWithPath: catalog))
        let shell = try TestShell(now: "2026-06-30")
        _ = try shell.run("product import \(catalog)")
        #expect(try shell.run("deal import \(deals)") == "imported 5 deals · 5 new customers\n")
        #expect(qualityNotes(shell) == [
            "data quality: blank cells in 5 rows: product 1 (20%), owner 1 (20%), created 1 (20%), closed 1 (20%), and 1 more column",
            "data quality: placeholder-like values: owner \"TBD\" 2 (40%) (imported as they are)",
            "data quality: 2 products not in the catalog, on 3 deals (named above)",
        ])
        #expect(try shell.query("SELECT owner FROM deals ORDER BY id").map { $0.text("owner") } == ["TBD", nil, "Li", "tbd", "Wang"])
        let other = try TestShell(now: "2026-06-30")
        _ = try other.run("deal import \(deals) --quiet")
        #expect(qualityNotes(other).isEmpty)
    }
}
