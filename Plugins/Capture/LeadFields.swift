import FunnelModel
import StageKit
import StageSupport

/// The flags `lead add` and `lead edit` share, and how they apply to a lead.
enum LeadFields {
    static let flags: [Flag] = [
        Flag("company", .string, "The organisation the lead belongs to."),
        Flag("email", .string, "E-mail address."),
        Flag("phone", .string, "Phone number."),
        Flag("source", .string, "Where it came from: market research, social media, website, trade show, referral, import, or your own."),
        Flag("campaign", .string, "The campaign that brought the lead."),
        Flag("tags", .string, "Comma-separated tags, e.g. vip,2026-expo."),
        Flag("owner", .string, "The salesperson responsible."),
        Flag("region", .string, "Territory, e.g. 华东 or EMEA."),
        Flag("industry", .string, "The lead's industry."),
        Flag("budget", .money, "What they can spend, e.g. 50000 or '50,000.00 CNY'."),
        Flag("authority", .choice(["yes", "no"]), "Whether the contact can decide the purchase."),
        Flag("need", .int, "How pressing the need is: 0 none, 1 low, 2 clear, 3 urgent."),
        Flag("timeline", .int, "Days until they intend to buy."),
        Flag("frequency", .choice(PurchaseFrequency.allCases.map(\.rawValue)), "How often they buy."),
    ]

    /// The sources Funnel knows; others are kept as written. Known ones are matched ignoring case.
    static let knownSources = ["market research", "social media", "website", "trade show", "referral", "import"]

    /// A source as stored: a known one in its canonical spelling, or the text trimmed.
    static func normalizedSource(_ text: String) -> String {
        let trimmed = text.trimmingSpaces
        let lowered = trimmed.lowercased()
        return knownSources.first { $0 == lowered } ?? trimmed
    }

    /// Tags from comma-separated text, or a JSON list (`["vip","expo"]`, as CSV writes a list):
    /// trimmed, lower-cased, empty ones and repeats dropped.
    static func tags(_ text: String) -> [String] {
        var seen = Set<String>()
        let pieces: [String]
        if text.hasPrefix("["), text.hasSuffix("]"), case .list(let items)? = try? JSONReader.parse(text) {
            pieces = items.map(\.plainText)
        } else {
            pieces = text.split(separator: ",").map(String.init)
        }
        return pieces.map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Applies the flags that were given; returns the names of the fields that changed.
    static func apply(_ invocation: Invocation, to lead: inout Lead) throws -> [String] {
        var changed: [String] = []
        func set<T: Equatable>(_ field: String, _ keyPath: WritableKeyPath<Lead, T?>, _ value: T?) {
            guard let value, lead[keyPath: keyPath] != value else { return }
            lead[keyPath: keyPath] = value
            changed.append(field)
        }
        set("company", \.company, invocation.string("company"))
        if let email = invocation.string("email") {
            guard email.contains("@"), !email.hasPrefix("@"), !email.hasSuffix("@") else {
                throw CommandError("\"\(email)\" is not an e-mail address", argument: "email")
            }
            set("email", \.email, email)
        }
        if let phone = invocation.string("phone") {
            if let problem = CapturedLead.phoneProblem(phone) { throw CommandError(problem, argument: "phone") }
            set("phone", \.phone, phone)
        }
        set("source", \.source, invocation.string("source").map(normalizedSource))
        set("campaign", \.campaign, invocation.string("campaign")?.trimmingSpaces)
        if let text = invocation.string("tags"), tags(text) != lead.tags {
            lead.tags = tags(text)
            changed.append("tags")
        }
        set("owner", \.owner, invocation.string("owner"))
        set("region", \.region, invocation.string("region"))
        set("industry", \.industry, invocation.string("industry"))
        if let budget = invocation.money("budget") {
            guard budget.minorUnits >= 0 else { throw CommandError("a budget cannot be negative", argument: "budget") }
            set("budget", \.budget, budget)
        }
        set("authority", \.authority, invocation.string("authority").map { $0 == "yes" })
        if let need = invocation.int("need") {
            guard (0...3).contains(need) else { throw CommandError("need is 0 to 3, not \(need)", argument: "need") }
            set("need", \.need, Int(need))
        }
        if let timeline = invocation.int("timeline") {
            guard (0...36_500).contains(timeline) else {
                throw CommandError("timeline is a number of days from 0 to 36500, not \(timeline)", argument: "timeline")
            }
            set("timeline", \.timelineDays, Int(timeline))
        }
        set("frequency", \.purchaseFrequency, invocation.string("frequency").flatMap(PurchaseFrequency.init(rawValue:)))
        return changed
    }
}
