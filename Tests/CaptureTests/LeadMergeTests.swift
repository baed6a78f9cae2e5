import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

@Suite struct LeadMergeTests {
    @Test func mergeFillsEmptyFieldsJournalsOriginsAndDeletesTheDuplicate() throws {
        let shell = try TestShell()
        try shell.run("lead add \"Acme Ltd\" --email a@acme.cn --tags vip --budget 100")
        #expect(try shell.run("lead add ACME --phone 13800001111 --budget 5000 --tags expo") ==
                "L-2 added: ACME\n  possible duplicate of L-1 Acme Ltd (same company); see lead dupes, lead merge\n")
        #expect(try shell.run("lead merge L-1 L-2") == "L-2 merged into L-1 (fields from L-2: phone, tags)\n")
        let lead = try #require(try shell.rows("lead show L-1").first)
        #expect(lead["phone"] == .string("13800001111"))
        #expect(lead["budget"]?.plainText == "100.00 CNY")
        #expect(lead["tags"] == .string("vip,expo"))
        #expect(shell.failure(of: "lead show L-2")?.description.contains("no lead L-2") == true)
        let payload = try shell.query("SELECT payload FROM events WHERE type = 'lead.merged'").first?.text("payload") ?? ""
        #expect(payload.hasPrefix(#"{"from":"L-2","fields":{"phone":"L-2","tags":["L-1","L-2"]}"#))
        #expect(try shell.rows("lead dupes").isEmpty)
    }

    @Test func preferOtherTakesTheDuplicatesValues() throws {
        let shell = try TestShell()
        try shell.run("lead add A --budget 100; lead add B --budget 900")
        try shell.run("lead merge L-1 L-2 --prefer-other")
        #expect(try shell.rows("lead show L-1").first?["budget"]?.plainText == "900.00 CNY")
    }

    @Test func mergeRefusesNonsense() throws {
        let shell = try TestShell()
        try shell.run("lead add A")
        #expect(shell.failure(of: "lead merge L-1 L-1")?.description.contains("cannot be merged with itself") == true)
        #expect(shell.failure(of: "lead merge L-1 L-9")?.description.contains("no lead L-9") == true)
    }

    /// A converted lead's customer, contact and deal refer to it: it is neither deleted nor merged away.
    @Test func aConvertedLeadIsKept() throws {
        let shell = try TestShell()
        try shell.run("lead add Acme; lead add ACME; lead qualify L-2 --force")
        let removal = try #require(shell.failure(of: "lead rm L-2 --yes"))
        #expect(removal.description.contains("L-2 was converted (customer C-1, deal D-1) and is kept: they refer to it"))
        #expect(shell.failure(of: "lead rm L-2 --dry-run")?.description.contains("L-2 was converted") == true)
        // Piped in with others, it stops the command before anything is deleted or said to be.
        let piped = try #require(shell.failure(of: "lead list | lead rm --yes"))
        #expect(piped.description.contains("L-2 was converted"))
        #expect(!shell.printed.contains("deleted"))
        #expect(try shell.query("SELECT count(*) AS n FROM leads").first?.integer("n") == 2)
        let merge = try #require(shell.failure(of: "lead merge L-1 L-2"))
        #expect(merge.description.contains("L-2 was converted (customer C-1, deal D-1) and cannot be merged away"))
        #expect(merge.description.contains("hint: keep it instead: lead merge L-2 L-1"))
        #expect(try shell.run("lead merge L-2 L-1") == "L-1 merged into L-2 (no fields taken)\n")
        #expect(try shell.query("SELECT id, status FROM leads").map { $0.integer("id") } == [2])
    }
}
