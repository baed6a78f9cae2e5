import Foundation
import FunnelModel
import FunnelTestSupport
import ShellEngine
@testable import Recommendation
import StageKit
import Testing

@Suite struct RecommendationTests {
    static let catalog = """
    lead add "宁波港务" --industry manufacturing --budget 100000; lead qualify L-1 --force
    need add D-1 "ERP integration" --priority high
    need add D-1 reporting --priority critical
    need add D-1 "mobile app" --priority low
    product add GTX-PRO "GTX Pro" --price 4821 --addresses 'erp integration,reporting' --stock 50 --lead-time 14
    product add LITE Lite --price 900 --addresses reporting --stock 0 --lead-time 30
    product add MOB "Mobile Suite" --price 250000 --addresses 'mobile app'
    product add PRN Printer --price 100 --addresses printing
    evidence add case-study "Ningbo Port" --products GTX-PRO --industries manufacturing --summary "+18% throughput"
    evidence add testimonial "Retail chain" --products GTX-PRO,LITE --industries retail
    """

    @Test func productsRankByWeightedNeedsWithEvidenceAndNotes() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog)
        let rows = try shell.rows("deal recommend D-1")
        #expect(rows.map { $0["sku"]?.plainText } == ["GTX-PRO", "LITE", "MOB"])
        #expect(rows[0]["fits"] == .string("ERP integration (high), reporting (critical)"))
        #expect(rows[0]["evidence to show"] == .string("case study \"Ningbo Port\" (manufacturing, +18% throughput)"))
        #expect(rows[1]["evidence to show"] == .string("testimonial \"Retail chain\" (retail)"))
        #expect(rows[1]["notes"] == .string("made to order: 30 days"))
        #expect(rows[2]["notes"] == .string("price above the deal's value; out of stock"))
        let proposals = try shell.query("SELECT rank, reason, evidence_id FROM proposed_products ORDER BY rank")
        #expect(proposals.map { $0.integer("rank") } == [1, 2, 3])
        #expect(proposals.first?.integer("evidence_id") == 1)
        let journal = try shell.query("SELECT payload FROM events WHERE type = 'deal.recommended'").first?.text("payload")
        #expect(journal == #"{"products":["GTX-PRO","LITE","MOB"],"evidence":["E-1","E-2"]}"#)
    }

    @Test func limitsDryRunsAndRefusals() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog)
        #expect(try shell.rows("deal recommend D-1 --limit 1 --dry-run").count == 1)
        #expect(shell.failure(of: "deal recommend D-1 --limit 0")?.description.contains("--limit must be at least 1") == true)
        #expect(try shell.query("SELECT count(*) AS n FROM proposed_products").first?.integer("n") == 0)
        try shell.run("lead add Other; lead qualify L-2 --force")
        #expect(shell.failure(of: "deal recommend D-2")?.description.contains("has no needs recorded") == true)
        try shell.run("need add D-2 teleportation")
        #expect(shell.failure(of: "deal recommend D-2")?.description.contains("no product addresses the needs of D-2") == true)
        #expect(shell.failure(of: "product add GTX-PRO Again --price 1")?.description.contains("already exists") == true)
        #expect(shell.failure(of: "product add X Y")?.description.contains("a product needs a price") == true)
        #expect(shell.failure(of: "evidence add case-study Z --products NOPE")?.description.contains("no product NOPE") == true)
    }

    /// Needs match whole words (with simple stems), not parts of words; text without spaces (Chinese)
    /// matches as a part.
    @Test func needsMatchWholeWords() throws {
        #expect(NeedMatch.matches("erp integration", "ERP-integration with SAP"))
        #expect(NeedMatch.matches("reporting", "monthly reports"))
        #expect(NeedMatch.matches("erp integrations", "erp integration"))
        #expect(!NeedMatch.matches("it", "ERP-integration with SAP"))
        #expect(!NeedMatch.matches("mobile app", "app store listing"))
        #expect(NeedMatch.matches("报表", "需要报表功能"))
        #expect(NeedMatch.matches("erp", "需要ERP系统"))
        #expect(NeedMatch.matches("ERP系统", "ERP系统集成"))
        #expect(!NeedMatch.matches("", "anything"))
        let shell = try TestShell()
        try shell.run("""
            lead add Acme; lead qualify L-1 --force; need add D-1 "ERP-integration with SAP" --priority critical
            product add GTX-PRO "GTX Pro" --price 4821 --addresses 'erp integration'
            product add IT-1 "IT kit" --price 100 --addresses it
            """)
        #expect(try shell.rows("deal recommend D-1").map { $0["sku"]?.plainText } == ["GTX-PRO"])
    }

    @Test func productsAreEditedAndProposalsListed() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog + "\nproduct add COST Costed --price 100 --cost 60")
        #expect(try shell.run("product edit lite --stock 12 --lead-time 10 --price 950") == "LITE changed: price: 950.00 CNY, stock: 12, lead time: 10\n")
        let lite = try #require(try shell.rows("product list | where sku == LITE").first)
        #expect(lite["stock"] == .int(12))
        #expect(lite["price"]?.plainText == "950.00 CNY")
        #expect(try shell.rows("deal recommend D-1").first { $0["sku"] == .string("LITE") }?["notes"] == .null)
        let journal = try shell.query("SELECT subject, payload FROM events WHERE type = 'product.edited'").first
        #expect(journal?.text("subject") == "PR-2")
        #expect(journal?.text("payload") == #"{"sku":"LITE","price":{"amount":"950.00","currency":"CNY"},"stock":12,"lead time":10}"#)
        #expect(shell.failure(of: "product edit NOPE --stock 1")?.description.contains("no product NOPE") == true)
        #expect(shell.failure(of: "product edit LITE --stock -1")?.description.contains("stock cannot be negative") == true)
        #expect(shell.failure(of: "product edit COST --price 15USD")?.description.contains("the cost is in CNY: give it in USD too") == true)
        #expect(try shell.run("product edit LITE") == "LITE unchanged\n")
        let proposals = try shell.rows("proposal list D-1")
        #expect(proposals.map { $0["sku"]?.plainText } == ["GTX-PRO", "LITE", "MOB"])
        #expect(proposals.first?["evidence"] == .id(.init(.evidence, 1)))
        #expect(proposals.first?["evidence title"] == .string("Ningbo Port"))
        #expect(try shell.rows("proposal list D-9").isEmpty)
    }

    /// Which evidence was shown on deals later won or lost (lifecycle.md: evidence effectiveness).
    @Test func theEvidenceReportSetsWhatWasShownAgainstHowDealsEnded() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog + """

            deal recommend D-1
            lead add Beta --industry retail; lead qualify L-2 --force; need add D-2 reporting; deal recommend D-2
            lead add Gamma; lead qualify L-3 --force; need add D-3 printing; deal recommend D-3
            deal lose D-2 --reason price
            """)
        try shell.execute("UPDATE deals SET status = 'won', closed_at = '2026-02-01T00:00:00Z' WHERE id = 1")
        let rows = try shell.rows("report evidence")
        #expect(rows.map { $0["title"]?.plainText } == ["Ningbo Port", "Retail chain", "(none shown)"])
        // Ningbo Port was shown on D-1 (won); Retail chain on D-1 (won) and D-2 (lost); D-3 saw none.
        #expect(rows.map { $0["deals"] } == [.int(1), .int(2), .int(1)])
        #expect(rows.map { $0["won"] } == [.int(1), .int(1), .int(0)])
        #expect(rows.map { $0["lost"] } == [.int(0), .int(1), .int(0)])
        #expect(rows.map { $0["open"] } == [.int(0), .int(0), .int(1)])
        #expect(rows.map { $0["win rate"]?.plainText ?? "" } == ["100", "50", ""])
        #expect(shell.output.notes.last?.hasPrefix("win rate = won / (won + lost)") == true)
    }

    /// Other systems' headers are recognised or mapped; bad rows are reported by line and column, and
    /// nothing is imported while any is.
    @Test func productImportReadsOtherSystemsExports() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-erp-\(UUID().uuidString).csv").path
        try """
        Artikel,Product Name,List Price,Lead Time (days),Stock on hand,Unit Cost,Needs
        GTX-PRO,GTX Pro,"4,821.00",14,50,3000,"erp integration, reporting"
        BAD,Bad,abc,1,1,1,x
        NEG,Neg,100,1,-1,1,x
        USD,Dollar,100 USD,1,1,50 CNY,x

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try TestShell()
        let unmapped = try #require(shell.failure(of: "product import \(path)"))
        #expect(unmapped.description.contains("has no sku column: none of its columns is named sku, article, code, itemcode, partnumber, productcode (columns: Artikel, Product Name"))
        #expect(unmapped.description.contains("hint: name it with --map 'Column=sku'"))
        let failure = try #require(shell.failure(of: "product import \(path) --map 'Artikel=sku'"))
        #expect(failure.description.contains("nothing imported: 3 of 4 rows rejected"))
        #expect(shell.printed == """
            rejected line 3, column "List Price": "abc" is not an amount (expected e.g. 12,345.67 CNY)
            rejected line 4, column "Stock on hand": "-1" is not a whole number of 0 or more
            rejected line 5, column "Unit Cost": in CNY, the price in USD

            """)
        #expect(try shell.rows("product list").isEmpty)
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").prefix(2).joined(separator: "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try shell.run("product import \(path) --map 'Artikel=sku'") == "imported 1 product\n")
        let product = try #require(try shell.rows("product list").first)
        #expect(product["price"]?.plainText == "4,821.00 CNY")
        #expect(product["cost"]?.plainText == "3,000.00 CNY")
        #expect(product["lead time"] == .int(14))
        #expect(product["addresses"] == .string("erp integration,reporting"))
        #expect(shell.failure(of: "product import \(path) --map 'Artikel=skew'")?.description.contains("skew is not a product field") == true)
        #expect(shell.failure(of: "product import \(path) --map 'Artikel'")?.description.contains("\"Artikel\" is not Column=field") == true)
    }

    /// `--null` reads an export's placeholders (`N/A`, `-`, letter case aside) as blank, as lead
    /// import does: without it they are refused as values; a required field left at one is still empty.
    @Test func productImportReadsNullPlaceholdersAsBlank() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-null-\(UUID().uuidString).csv").path
        try """
        sku,name,price,category,stock,lead_time,cost,Colour
        A-1,Alpha,100,N/A,-,n/a,N/A,-
        B-2,Beta,250,Tools,7,3,120,red

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try TestShell()
        #expect(shell.failure(of: "product import \(path) --keep-extra") != nil)
        #expect(shell.printed.contains("rejected line 2, column \"stock\": \"-\" is not a whole number of 0 or more"), "\(shell.printed)")
        #expect(try shell.run("product import \(path) --null 'N/A, -' --keep-extra") == "imported 2 products\n")
        let products = try shell.rows("product list --wide")
        #expect(products.count == 2)
        #expect(products.first?["category"] == .null && products.first?["stock"] == .int(0) && products.first?["lead time"] == .int(0))
        #expect(products.first?["cost"] == .null && products.first?["colour"] == .null, "\(products)")
        #expect(products.last?["category"] == .string("Tools") && products.last?["colour"] == .string("red"), "\(products)")
        let required = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-null-\(UUID().uuidString).csv").path
        try "sku,name,price\nC-3,Gamma,N/A\n".write(toFile: required, atomically: true, encoding: .utf8)
        #expect(shell.failure(of: "product import \(required) --null N/A") != nil)
        #expect(shell.printed.contains("rejected line 2, column \"price\": an amount is required"), "\(shell.printed)")
    }

    @Test func theGateLetsADealIntoRecommendation() throws {
        let shell = try TestShell()
        try shell.run(Self.catalog + "\ndeal edit D-1 --budget-confirmed yes")
        #expect(try shell.run("deal advance D-1") == "D-1 → recommend\n")
        #expect(try shell.rows("deal show D-1").first?["stage"] == .string("recommend"))
    }
}

/// `help product import` lists the fields from the import's own tables, and a missing required
/// column is refused with the headers accepted for it.
@Suite struct ProductImportHelpTests {
    @Test func helpListsTheFieldsAndAMissingColumnNamesTheAcceptedHeaders() throws {
        let shell = try TestShell()
        let help = try shell.run("help product import")
        #expect(help.contains("  price       amount, required\n              headers: price, listprice, saleprice, unitprice, price*\n"))
        for (header, _) in ProductImportCommand.aliases { #expect(help.contains(header), "\(header)") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-products-\(UUID().uuidString).csv").path
        try Data("Artikel,Bezeichnung,Preis\nA-1,Alpha,100\n".utf8).write(to: URL(fileURLWithPath: path))
        let failure = try #require(shell.failure(of: "product import \(path)"))
        #expect(failure.description.contains("has no sku column: none of its columns is named sku, article, code, itemcode, partnumber, productcode (columns: Artikel, Bezeichnung, Preis)"))
        #expect(try shell.run("product import \(path) --map 'Artikel=sku,Bezeichnung=name,Preis=price'") == "imported 1 product\n")
    }
}
