import Foundation
import Testing

/// The command forms docs/analytics.md shows, run exactly as written (files named as the document
/// names them, in the folder the real `funnel` binary runs in), with what the document says they do.
@Suite struct AnalyticsDocFormsTests {
    typealias Workspace = ExportsWalkthroughTests.Workspace

    static let document: String = (try? String(contentsOf: ExportsWalkthroughTests.docs, encoding: .utf8)) ?? ""

    /// A workspace holding files made from `contents` (name → text).
    static func workspace(_ contents: [String: String]) throws -> Workspace {
        let workspace = try Workspace(copying: [])
        for (name, text) in contents { try Data(text.utf8).write(to: workspace.directory.appendingPathComponent(name)) }
        return workspace
    }

    /// Runs `command`, which the document must show in backquotes, and requires it to succeed.
    @discardableResult
    static func run(_ command: String, in workspace: Workspace, shown: Bool = true) throws -> (stdout: String, stderr: String) {
        if shown { #expect(document.contains("`\(command)`"), "docs/analytics.md does not show `\(command)`") }
        let result = try workspace.run(command)
        #expect(result.status == 0, "\(command): \(result.stderr)")
        return (result.stdout, result.stderr)
    }

    /// The data-quality example: the summary on standard output and the notes on standard error are
    /// the lines the document's block shows.
    @Test func theDataQualityExampleIsWhatTheImportPrints() throws {
        let fixture = ExportsWalkthroughTests.root.appendingPathComponent("Tests/CaptureTests/Fixtures/quality-leads.csv")
        let workspace = try Workspace(copying: [(fixture, "quality-leads.csv")])
        defer { workspace.remove() }
        let command = "lead import quality-leads.csv --map 'Contact=name' --null Select"
        let shownAt = try #require(Self.document.range(of: "`\(command)`"))
        let after = Self.document[shownAt.upperBound...]
        let open = try #require(after.range(of: "```\n"))
        let close = try #require(after[open.upperBound...].range(of: "```"))
        let shown = after[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
        let printed = try Self.run(command, in: workspace)
        #expect([printed.stdout.trimmingCharacters(in: .newlines)] + printed.stderr.split(separator: "\n").map(String.init) == shown)
    }

    /// `deal import history.csv --map 'Stage Day=entered negotiate'` and `product import catalog.csv --null 'N/A,-'`:
    /// a stage date under another name, and a catalog's placeholders read as blank.
    @Test func stageDatesAndPlaceholdersRunAsShown() throws {
        let workspace = try Self.workspace([
            "history.csv": "customer,status,created,closed,value,Stage Day\nAcme,won,2026-01-01,2026-02-01,100,2026-01-15\n",
            "catalog.csv": "sku,name,price,category,stock\nA-1,Alpha,100,N/A,-\n",
        ])
        defer { workspace.remove() }
        #expect(try Self.run("deal import history.csv --map 'Stage Day=entered negotiate'", in: workspace).stdout == "imported 1 deal · 1 new customer\n")
        #expect(try Self.run("product import catalog.csv --null 'N/A,-'", in: workspace).stdout == "imported 1 product\n")
        let product = try workspace.table("product list --wide")
        #expect(product.first?["category"] == "" && product.first?["stock"] == "0", "\(product)")
    }

    /// `invoice import ar.csv --map 'Posted=issued'` and `payment import bank.csv --map 'Doc=invoice,Value Date=paid'`:
    /// an issue date under another name, and a bank export's own headers.
    @Test func receivablesImportsWithMapsRunAsShown() throws {
        let workspace = try Self.workspace([
            "ar.csv": "number,customer,amount,Posted,due\n00017,Acme,5000,2026-07-02,2026-08-01\n",
            "bank.csv": "Doc,amount,Value Date\n00017,5000,2026-08-11\n",
        ])
        defer { workspace.remove() }
        #expect(try Self.run("invoice import ar.csv --map 'Posted=issued'", in: workspace).stdout == "imported 1 invoice\n")
        #expect(try Self.run("payment import bank.csv --map 'Doc=invoice,Value Date=paid'", in: workspace).stdout == "imported 1 payment\n")
        // Issued 07-02 (not the due date), settled 10 days after 08-01.
        let paid = try workspace.table("report receivables --paid --period 2026-Q3")
        #expect(paid.first?["1-15"] == "1" && paid.first?["mean days late"] == "10", "\(paid)")
        // The review of that quarter shows the same invoice.
        let review = try workspace.table("review run --period 2026-Q3")
        #expect(review.contains { $0["finding"] == "No invoice is overdue; 100% of settled invoices were paid late, 10 days late on average, 10 over all settled invoices (CNY)." },
                "\(review)")
    }

    /// `product alias ProX PRO-X` files the next import's `ProX` deals under the catalog's `Pro X`,
    /// so `report winloss --by product` keeps their revenue; the note before it names the nearest product.
    @Test func aProductAliasKeepsTheRevenueAsShown() throws {
        let workspace = try Self.workspace([
            "catalog.csv": "name\nPro X\nBasic\n",
            "deals.csv": "customer,product,status,created,closed,value\nAcme,ProX,won,2026-01-01,2026-02-01,100\nBeta,ProX,won,2026-01-02,2026-02-02,50\n",
        ])
        defer { workspace.remove() }
        try Self.run("product import catalog.csv", in: workspace, shown: false)
        let dry = try workspace.run("deal import deals.csv --dry-run")
        #expect(dry.stderr.contains("product \"ProX\" (2 deals) is not in the catalog; nearest: \"Pro X\""), "\(dry.stderr)")
        #expect(Self.document.contains("`product \"ProX\" (2 deals) is not in the catalog; nearest: \"Pro X\"`"))
        try Self.run("product alias ProX PRO-X", in: workspace)
        try Self.run("deal import deals.csv", in: workspace, shown: false)
        let byProduct = try workspace.table("report winloss --by product")
        #expect(byProduct.map { "\($0["product"] ?? "") \($0["won value"] ?? "")" } == ["Pro X 150.00 CNY"])
    }

    /// `field add deal region_code string`: a custom field of deals is a segment of the reports.
    @Test func aCustomDealFieldIsASegmentAsShown() throws {
        let workspace = try Self.workspace([
            "deals.csv": "customer,status,created,closed,value,region_code\nAcme,won,2026-01-01,2026-01-11,100,N\nBeta,lost,2026-01-01,2026-01-21,50,S\nGamma,won,2026-01-01,2026-01-31,70,N\n",
        ])
        defer { workspace.remove() }
        try Self.run("field add deal region_code string", in: workspace)
        try Self.run("deal import deals.csv", in: workspace, shown: false)
        // N: won 2 (10 and 30 days: 20), S: lost 1.
        let rows = try workspace.table("report winloss --by region_code")
        #expect(rows.map { "\($0["region_code"] ?? "") \($0["won"] ?? "") \($0["lost"] ?? "") \($0["win rate"] ?? "") \($0["cycle days"] ?? "")" }
                == ["N 2 0 100 20", "S 0 1 0 "])
    }

    /// "Receivables by a custom field": an export's own columns kept as invoice fields, a customer
    /// field set by hand, and both as segments of `report receivables`.
    @Test func receivablesBreakDownByCustomFieldsAsShown() throws {
        let workspace = try Self.workspace([
            "ar.csv": "number,customer,amount,issued,due,settled,Sales Region,PO Number\n"
                + "001,Acme,1000,2017-01-05,2017-02-04,2017-02-10,North,PO-11\n"
                + "002,Beta,500,2017-01-10,2017-02-09,,South,\n"
                + "003,Gamma,800,2017-02-15,2017-03-17,2017-03-20,North,PO-14\n",
        ])
        defer { workspace.remove() }
        #expect(try Self.run("invoice import ar.csv --map 'Sales Region=custom.region' --keep-extra", in: workspace).stdout
                == "imported 3 invoices · 2 settled\n")
        try Self.run("field add customer segment string", in: workspace)
        try Self.run("customer edit C-1 --set segment=enterprise", in: workspace)
        let fields = try workspace.table("field list")
        #expect(fields.map { "\($0["entity"] ?? "") \($0["name"] ?? "")" } == ["customer segment", "invoice region", "invoice po_number"])
        // North: 001 settled 6 days late and 003 3 days late (4.5 on average); South: 002, open.
        let byRegion = try workspace.table("report receivables --by region")
        #expect(byRegion.map { "\($0["region"] ?? "") \($0["invoices"] ?? "") \($0["paid late"] ?? "") \($0["mean days late"] ?? "") \($0["overdue"] ?? "")" }
                == ["North 2 100 4.5 0", "South 1   1"])
        #expect(Self.document.contains("`report receivables --by region`"))
        // Acme (C-1) is enterprise; Gamma has no segment.
        let bySegment = try workspace.table("report receivables --paid --by segment")
        #expect(bySegment.map { "\($0["segment"] ?? "") \($0["settled"] ?? "") \($0["1-15"] ?? "")" } == ["(none) 1 1", "enterprise 1 1"])
        #expect(Self.document.contains("`report receivables --paid --by segment`"))
    }
}
