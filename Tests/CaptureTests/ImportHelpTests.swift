import Foundation
import FunnelTestSupport
import ShellEngine
@testable import Capture
import StageKit
import Testing

/// `help deal import` / `deal import --help` and `help lead import` list every field the import
/// fills, its type, whether it is required and the headers recognised for it — generated from the
/// column tables the imports read by, so a header added there is listed without more edits.
@Suite struct ImportHelpTests {
    /// The lines of the `Fields` section: field name → its two lines, joined.
    func fields(_ help: String) -> [String: String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Fields (") }) else { return [:] }
        var result: [String: String] = [:]
        var index = start + 2
        while index + 1 < lines.count, lines[index].hasPrefix("  "), !lines[index].hasPrefix("   ") {
            let name = lines[index].trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first ?? ""
            result[name] = lines[index] + "\n" + lines[index + 1]
            index += 2
        }
        return result
    }

    @Test func dealImportListsEveryFieldAndHeaderItReads() throws {
        let shell = try TestShell()
        let help = try shell.run("deal import --help")
        #expect(fields(try shell.run("help deal import")) == fields(help))
        let listed = fields(help)
        #expect(listed["customer"]?.contains("text, required") == true)
        #expect(listed["status"]?.contains("lost|open|won, optional") == true)
        #expect(listed["closed"]?.contains("date, optional — needed for a won or lost deal") == true)
        #expect(listed["value"]?.contains("amount, optional") == true)
        #expect(listed["entered STAGE"]?.contains("date, optional") == true)
        // Every header the import's table recognises is listed under the field it fills.
        for (header, field) in DealImportCommand.aliases {
            #expect(listed[field]?.contains(header) == true || ImportField.key(field) == header, "\(header) → \(field)")
        }
        #expect(Set(listed.keys) == Set(DealImportCommand.aliases.values).union(["entered STAGE"]))
    }

    @Test func leadImportListsEveryFieldAndHeaderItReads() throws {
        let shell = try TestShell()
        let listed = fields(try shell.run("help lead import"))
        #expect(Set(listed.keys) == Set(LeadImportCommand.fieldNames))
        for (header, field) in LeadImportCommand.aliases {
            #expect(listed[field]?.contains(header) == true || ImportField.key(field) == header, "\(header) → \(field)")
        }
        #expect(listed["budget"]?.contains("amount, optional") == true)
        #expect(listed["budget"]?.contains("budget*") == true)
        #expect(listed["frequency"]?.contains("once|yearly|quarterly|monthly|weekly") == true)
    }

    /// A field's declared headers are what the shared rule recognises: case, spaces and punctuation
    /// ignored, `*` a prefix.
    @Test func declaredHeadersAreRecognisedByOneRule() throws {
        let field = ImportField("issued", "date", required: true, headers: ["invoice date", "budget*"])
        #expect(field.recognises("Invoice_Date"))
        #expect(field.recognises("ISSUED"))
        #expect(field.recognises("Budget (CNY)"))
        #expect(!field.recognises("due date"))
        #expect(!field.recognises("--"))
    }
}
